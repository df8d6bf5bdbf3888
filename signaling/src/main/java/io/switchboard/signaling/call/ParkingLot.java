package io.switchboard.signaling.call;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Park slots ({@code *71} ...) of this signaling member: which parked call waits on which slot. A slot
 * holds one call; taking it is a put-if-absent, so two phones parking on one slot cannot both win.
 */
final class ParkingLot {
    private final Map<String, B2buaCall> slots = new ConcurrentHashMap<>();

    /** Parks {@code call} on {@code slot}; false when the slot is taken. */
    boolean park(String slot, B2buaCall call) {
        return slots.putIfAbsent(slot, call) == null;
    }

    Optional<B2buaCall> at(String slot) {
        return Optional.ofNullable(slots.get(slot));
    }

    void release(String slot, B2buaCall call) {
        slots.remove(slot, call);
    }
}
