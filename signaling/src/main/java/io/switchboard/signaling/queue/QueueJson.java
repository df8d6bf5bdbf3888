package io.switchboard.signaling.queue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.common.queue.QueueStrategy;
import io.switchboard.signaling.queue.QueueDirectoryException.Reason;
import io.switchboard.signaling.store.RecordOverlay;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * A queue definition as JSON, one shape for the {@code queues} table and the admin API: every
 * field of {@link QueueDefinition} under its record name, the strategy as its label
 * ({@code "round-robin"}), members as {@code {"extension", "tier", "weight"}} objects.
 *
 * <p>Reading overlays a JSON object on a base definition (the defaults, or what is stored), so a
 * missing field keeps the base's value. Each present field is type-checked here, and a wrong one
 * is refused with {@link Reason#INVALID} naming it: Jackson's own coercions ("15" or 15.7 taken
 * for 15) are not what an operator meant.
 */
public final class QueueJson {
    private static final List<String> MEMBER_FIELDS = List.of("extension", "tier", "weight");
    /** The record's own fields read by {@link RecordOverlay}; the strategy and the lists by {@link #value}. */
    private static final RecordOverlay<QueueDefinition> OVERLAY = new RecordOverlay<>(QueueDefinition.class,
            "queue definition", QueueJson::invalid, QueueJson::value);

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(
            new SimpleModule("queue-strategy-labels").addSerializer(QueueStrategy.class, new StrategySerializer()));

    private QueueJson() {
    }

    /** The JSON names of a definition's fields, in order. */
    public static List<String> fieldNames() {
        return OVERLAY.fieldNames();
    }

    /** Every field of {@code queue}, strategy as its label and members as objects. */
    public static ObjectNode toJson(QueueDefinition queue) {
        return MAPPER.valueToTree(queue);
    }

    /** The stored text of {@code queue}. */
    public static String write(QueueDefinition queue) {
        try {
            return MAPPER.writeValueAsString(queue);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("queue '" + queue.name() + "' cannot be written as JSON", e);
        }
    }

    /**
     * A stored definition: fields written by a later version are ignored and fields it lacks take
     * the defaults, so adding a queue setting needs no data migration.
     */
    public static QueueDefinition readStored(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored queue definition is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalStateException("stored queue definition is not a JSON object");
        }
        String name = object.path("name").asText(null);
        String number = object.path("number").asText(null);
        return OVERLAY.overlay(object, QueueDefinition.defaults(name, number), false);
    }

    /**
     * {@code body} over {@code base}: an unknown field, or a field of the wrong type, is refused
     * with {@link Reason#INVALID} naming it; JSON null keeps the base's value.
     */
    public static QueueDefinition fromRequest(ObjectNode body, QueueDefinition base) {
        return OVERLAY.overlay(body, base, true);
    }

    /** The fields {@link RecordOverlay} does not read itself; null for a type that is not one of them. */
    private static Object value(RecordComponent c, JsonNode v) {
        String field = c.getName();
        Class<?> type = c.getType();
        if (type == QueueStrategy.class) {
            if (!v.isTextual()) {
                throw invalid(field, field + " must be one of " + QueueStrategy.names() + ", got " + v);
            }
            return QueueStrategy.parse(v.textValue()).orElseThrow(() -> invalid(field,
                    "unknown strategy '" + v.textValue() + "' (expected one of " + QueueStrategy.names() + ")"));
        }
        if (type == List.class && elementType(c) == String.class) {
            if (!v.isArray()) {
                throw invalid(field, field + " must be a list of strings, got " + v);
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw invalid(field, field + " must be a list of strings, got " + e + " in it");
                }
                out.add(e.textValue());
            }
            return out;
        }
        if (type == List.class && elementType(c) == QueueMember.class) {
            if (!v.isArray()) {
                throw invalid(field, field + " must be a list of agents ({\"extension\": \"1001\", \"tier\": 1, \"weight\": 1}), got " + v);
            }
            List<QueueMember> out = new ArrayList<>();
            for (JsonNode e : v) {
                out.add(member(field, e));
            }
            return out;
        }
        return null;
    }

    /** One agent: {@code "1001"} or {@code {"extension": "1001", "tier": 1, "weight": 1}} (tier and weight default to 1). */
    static QueueMember member(String field, JsonNode e) {
        if (e.isTextual()) {
            if (e.textValue().isBlank()) {
                throw invalid(field, "an agent needs an extension");
            }
            return QueueMember.of(e.textValue());
        }
        if (!e.isObject()) {
            throw invalid(field, "an agent is an extension or {\"extension\", \"tier\", \"weight\"}, got " + e);
        }
        e.fieldNames().forEachRemaining(n -> {
            if (!MEMBER_FIELDS.contains(n)) {
                throw invalid(field, "unknown agent field '" + n + "' (expected " + String.join(", ", MEMBER_FIELDS) + ")");
            }
        });
        JsonNode ext = e.get("extension");
        if (ext == null || !ext.isTextual() || ext.textValue().isBlank()) {
            throw invalid(field, "an agent needs an extension (a string), got " + e);
        }
        return new QueueMember(ext.textValue(), whole(field, e, "tier"), whole(field, e, "weight"));
    }

    private static int whole(String field, JsonNode agent, String name) {
        JsonNode v = agent.get(name);
        if (v == null || v.isNull()) {
            return 1;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw invalid(field, "agent " + agent.path("extension").asText() + ": " + name + " must be a whole number, got " + v);
        }
        return v.intValue();
    }

    private static Class<?> elementType(RecordComponent c) {
        return c.getGenericType() instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> k
                ? k : Object.class;
    }

    private static QueueDirectoryException invalid(String field, String message) {
        return new QueueDirectoryException(Reason.INVALID, field, message);
    }

    private static final class StrategySerializer extends StdSerializer<QueueStrategy> {
        private static final long serialVersionUID = 1L;

        StrategySerializer() {
            super(QueueStrategy.class);
        }

        @Override
        public void serialize(QueueStrategy value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.label());
        }
    }
}
