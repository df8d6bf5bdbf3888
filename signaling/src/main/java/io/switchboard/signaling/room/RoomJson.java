package io.switchboard.signaling.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.signaling.room.RoomDirectoryException.Reason;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A room definition as the admin API's JSON: every field of {@link RoomDefinition} under its record
 * name. Reading overlays a JSON object on a base definition, so a missing field keeps the base's
 * value; each present field is type-checked here and a wrong one refused with {@link Reason#INVALID}
 * naming it (Jackson's coercions, "5" or 5.5 taken for 5, are not what an operator meant).
 */
public final class RoomJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Each field by its JSON name, in the record's order. */
    private static final Map<String, RecordComponent> FIELDS = new LinkedHashMap<>();
    private static final Constructor<RoomDefinition> CANONICAL;

    static {
        for (RecordComponent c : RoomDefinition.class.getRecordComponents()) {
            FIELDS.put(c.getName(), c);
        }
        try {
            CANONICAL = RoomDefinition.class.getDeclaredConstructor(Arrays.stream(RoomDefinition.class.getRecordComponents())
                    .map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RoomJson() {
    }

    /** The JSON names of a definition's fields, in order. */
    public static List<String> fieldNames() {
        return List.copyOf(FIELDS.keySet());
    }

    public static ObjectNode toJson(RoomDefinition room) {
        return MAPPER.valueToTree(room);
    }

    /**
     * {@code body} over {@code base}: an unknown field, or a field of the wrong type, is refused
     * naming it; JSON null keeps the base's value.
     */
    public static RoomDefinition fromRequest(ObjectNode body, RoomDefinition base) {
        Map<String, Object> given = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : body.properties()) {
            RecordComponent c = FIELDS.get(f.getKey());
            if (c == null) {
                throw invalid(f.getKey(), "unknown field '" + f.getKey() + "' (expected " + String.join(", ", FIELDS.keySet()) + ")");
            }
            if (!f.getValue().isNull()) {
                given.put(c.getName(), value(c, f.getValue()));
            }
        }
        Object[] args = new Object[FIELDS.size()];
        int i = 0;
        for (RecordComponent c : FIELDS.values()) {
            args[i++] = given.containsKey(c.getName()) ? given.get(c.getName()) : accessed(c, base);
        }
        try {
            return CANONICAL.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a RoomDefinition", e);
        }
    }

    private static Object value(RecordComponent c, JsonNode v) {
        String field = c.getName();
        Class<?> type = c.getType();
        if (type == int.class) {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw invalid(field, field + " must be a whole number, got " + v);
            }
            return v.intValue();
        }
        if (type == boolean.class) {
            if (!v.isBoolean()) {
                throw invalid(field, field + " must be true or false, got " + v);
            }
            return v.booleanValue();
        }
        if (type == String.class) {
            if (!v.isTextual()) {
                throw invalid(field, field + " must be a string, got " + v);
            }
            return v.textValue();
        }
        throw new IllegalStateException("RoomJson cannot read " + field + " of type " + c.getGenericType());
    }

    private static Object accessed(RecordComponent c, RoomDefinition base) {
        try {
            return c.getAccessor().invoke(base);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    private static RoomDirectoryException invalid(String field, String message) {
        return new RoomDirectoryException(Reason.INVALID, field, message);
    }
}
