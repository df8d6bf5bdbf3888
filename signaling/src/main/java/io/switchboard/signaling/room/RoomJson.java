package io.switchboard.signaling.room;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.signaling.room.RoomDirectoryException.Reason;
import io.switchboard.signaling.store.RecordOverlay;
import java.util.List;

/**
 * A room definition as the admin API's JSON: every field of {@link RoomDefinition} under its record
 * name, read over a base definition by {@link RecordOverlay} (a wrong field refused with
 * {@link Reason#INVALID} naming it).
 */
public final class RoomJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RecordOverlay<RoomDefinition> OVERLAY = new RecordOverlay<>(RoomDefinition.class, "room definition",
            (field, message) -> new RoomDirectoryException(Reason.INVALID, field, message), (field, value) -> null);

    private RoomJson() {
    }

    /** The JSON names of a definition's fields, in order. */
    public static List<String> fieldNames() {
        return OVERLAY.fieldNames();
    }

    public static ObjectNode toJson(RoomDefinition room) {
        return MAPPER.valueToTree(room);
    }

    /**
     * {@code body} over {@code base}: an unknown field, or a field of the wrong type, is refused
     * naming it; JSON null keeps the base's value.
     */
    public static RoomDefinition fromRequest(ObjectNode body, RoomDefinition base) {
        return OVERLAY.overlay(body, base, true);
    }
}
