package io.switchboard.meeting.room;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** The meeting node's figures on /metrics: open rooms, participants, mixes, refused PINs. */
public final class RoomMeters {
    private final LongAdder pinRefused = new LongAdder();

    void pinRefused() {
        pinRefused.increment();
    }

    public long pinsRefused() {
        return pinRefused.sum();
    }

    public void bindTo(MeterRegistry registry, RoomHost host) {
        Gauge.builder("meeting_rooms_open", host, h -> h.openRooms()).description("rooms with participants on this node").register(registry);
        Gauge.builder("meeting_participants", host, h -> h.participants()).description("participants in rooms on this node").register(registry);
        Gauge.builder("meeting_mixes", host, h -> h.mixes()).description("mix ticks made, all rooms (a counter)").register(registry);
        Gauge.builder("meeting_trunk_peers", host, h -> h.trunkPeers())
                .description("other meeting nodes linked to this node's room parts by trunks, summed over rooms").register(registry);
        Supplier<Number> refused = pinRefused::sum;
        Gauge.builder("meeting_pin_refused", refused, s -> s.get().doubleValue()).description("callers refused after three wrong PINs (a counter)").register(registry);
    }
}
