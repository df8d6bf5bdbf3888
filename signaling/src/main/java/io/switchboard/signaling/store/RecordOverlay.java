package io.switchboard.signaling.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A definition record (a queue, a room) read from the admin API's JSON: every field under its record
 * name, laid over a base record (the defaults, or what is stored) so a missing field keeps the base's
 * value. Each present field is type-checked here and a wrong one refused naming it: Jackson's own
 * coercions ("15" or 15.7 taken for 15) are not what an operator meant. Whole numbers, booleans and
 * strings are read here; a record with other field types reads them with its {@link FieldReader}.
 */
public final class RecordOverlay<R extends Record> {

    /** Reads a field of a type this class does not know; null when it does not know it either. */
    @FunctionalInterface
    public interface FieldReader {
        Object read(RecordComponent field, JsonNode value);
    }

    private final String noun;
    private final Map<String, RecordComponent> fields = new LinkedHashMap<>();
    private final Constructor<R> canonical;
    private final BiFunction<String, String, ? extends RuntimeException> invalid;
    private final FieldReader others;

    /**
     * @param noun    how errors name the record ("queue definition")
     * @param invalid the refusal naming a field: (field, message)
     */
    public RecordOverlay(Class<R> type, String noun, BiFunction<String, String, ? extends RuntimeException> invalid,
                         FieldReader others) {
        this.noun = noun;
        this.invalid = invalid;
        this.others = others;
        for (RecordComponent c : type.getRecordComponents()) {
            fields.put(c.getName(), c);
        }
        try {
            canonical = type.getDeclaredConstructor(Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
    }

    /** The JSON names of the record's fields, in order. */
    public List<String> fieldNames() {
        return List.copyOf(fields.keySet());
    }

    /**
     * {@code body} over {@code base}: a field of the wrong type is refused naming it, an unknown one
     * too when {@code strict} (else skipped: a stored row written by a later version); JSON null keeps
     * the base's value.
     */
    public R overlay(ObjectNode body, R base, boolean strict) {
        Map<String, Object> given = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : body.properties()) {
            RecordComponent c = fields.get(f.getKey());
            if (c == null) {
                if (strict) {
                    throw invalid.apply(f.getKey(), "unknown field '" + f.getKey() + "' (expected "
                            + String.join(", ", fields.keySet()) + ")");
                }
                continue;
            }
            if (!f.getValue().isNull()) {
                given.put(c.getName(), value(c, f.getValue()));
            }
        }
        Object[] args = new Object[fields.size()];
        int i = 0;
        for (RecordComponent c : fields.values()) {
            args[i++] = given.containsKey(c.getName()) ? given.get(c.getName()) : accessed(c, base);
        }
        try {
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw invalid.apply("body", noun + " refused: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a " + noun, e);
        }
    }

    private Object value(RecordComponent c, JsonNode v) {
        String field = c.getName();
        Class<?> type = c.getType();
        if (type == int.class) {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw invalid.apply(field, field + " must be a whole number, got " + v);
            }
            return v.intValue();
        }
        if (type == boolean.class) {
            if (!v.isBoolean()) {
                throw invalid.apply(field, field + " must be true or false, got " + v);
            }
            return v.booleanValue();
        }
        if (type == String.class) {
            if (!v.isTextual()) {
                throw invalid.apply(field, field + " must be a string, got " + v);
            }
            return v.textValue();
        }
        Object other = others.read(c, v);
        if (other == null) {
            throw new IllegalStateException("cannot read " + noun + " field " + field + " of type " + c.getGenericType());
        }
        return other;
    }

    private static Object accessed(RecordComponent c, Object base) {
        try {
            return c.getAccessor().invoke(base);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }
}
