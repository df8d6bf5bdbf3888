package io.switchboard.signaling.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.signaling.cdr.Disposition;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/** Call outcomes ({@code calls.ended} by disposition), attempts and live calls, as Prometheus meters. */
final class CallCounters {
    private final Counter attempts;
    private final Counter takenOver;
    private final Map<Disposition, Counter> ended = new EnumMap<>(Disposition.class);

    CallCounters(MeterRegistry registry, Supplier<Number> active) {
        attempts = registry.counter("calls.attempts");
        takenOver = registry.counter("calls.taken.over");
        for (Disposition d : Disposition.values()) {
            ended.put(d, registry.counter("calls.ended", "disposition", d.name().toLowerCase(java.util.Locale.ROOT)));
        }
        registry.gauge("calls.active", active, s -> s.get().doubleValue());
    }

    void attempt() {
        attempts.increment();
    }

    /** A call placed by another signaling member, rebuilt here from its cluster record. */
    void takenOver() {
        takenOver.increment();
    }

    void ended(Disposition d) {
        ended.get(d).increment();
    }
}
