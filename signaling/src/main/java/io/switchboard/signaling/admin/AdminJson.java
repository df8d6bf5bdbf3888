package io.switchboard.signaling.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Optional;

/** The admin API's JSON: one ObjectMapper, and request-body readers whose errors name the field. */
public final class AdminJson {

    /**
     * Registers whatever Jackson modules are on the classpath (JavaTimeModule when present);
     * without it, times go out as strings or epoch milliseconds chosen by each resource.
     */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AdminJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The request body as a JSON object; 400 if it is empty, not JSON, or not an object. */
    public static ObjectNode object(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw ApiException.badRequest("body", "request body is empty (expected a JSON object)");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "request body is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("body", "request body is a JSON " + node.getNodeType().name().toLowerCase()
                    + " (expected an object)");
        }
        return object;
    }

    /** A string member, absent when missing or null; 400 naming {@code field} when it is not a string. */
    public static Optional<String> string(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field, field + " must be a string");
        }
        return Optional.of(value.textValue());
    }

    /** A boolean member, absent when missing or null; 400 naming {@code field} when it is not a boolean. */
    public static Optional<Boolean> bool(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field, field + " must be true or false");
        }
        return Optional.of(value.booleanValue());
    }

    /** A whole-number member, absent when missing or null; 400 naming {@code field} when it is not one. */
    public static Optional<Integer> integer(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw ApiException.badRequest(field, field + " must be a whole number");
        }
        return Optional.of(v.intValue());
    }

    /** 400 naming the first member of {@code body} that is not one of {@code allowed}. */
    public static void onlyFields(ObjectNode body, String... allowed) {
        body.fieldNames().forEachRemaining(name -> {
            for (String a : allowed) {
                if (a.equals(name)) {
                    return;
                }
            }
            throw ApiException.badRequest(name, "unknown field '" + name + "' (expected " + String.join(", ", allowed) + ")");
        });
    }
}
