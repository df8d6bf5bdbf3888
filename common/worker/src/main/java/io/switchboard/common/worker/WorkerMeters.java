package io.switchboard.common.worker;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plain counters of a worker's SIP side; {@link #bindTo} exposes them as
 * {@code switchboard_<role>_sessions}, {@code _calls}, {@code _refused} and {@code _forbidden}.
 */
public final class WorkerMeters {
    final LongAdder answered = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder forbidden = new LongAdder();
    final LongAdder dialed = new LongAdder();

    public long callsAnswered() {
        return answered.sum();
    }

    /** INVITEs refused with 503 (full, or no RTP port). */
    public long callsRefused() {
        return refused.sum();
    }

    /** Requests refused with 403 because they did not come through signaling. */
    public long forbiddenSources() {
        return forbidden.sum();
    }

    public void bindTo(MeterRegistry registry, WorkerRole role, WorkerCalls live) {
        String prefix = "switchboard_" + role.name() + "_";
        Gauge.builder(prefix + "sessions", live, WorkerCalls::size)
                .description("callers in a session on this " + role.label() + " node now").register(registry);
        counter(registry, prefix + "calls", answered, "INVITEs answered");
        counter(registry, prefix + "refused", refused, "INVITEs refused with 503 (full or no RTP port)");
        counter(registry, prefix + "forbidden", forbidden, "requests from outside the cluster refused with 403");
        counter(registry, prefix + "dialed", dialed, "calls this node placed through signaling (agents rung, callbacks)");
    }

    /**
     * The media clock's ticks as Prometheus-style cumulative buckets ({@code le} in seconds):
     * {@code <prefix>tick_seconds_bucket} for the tick's work, {@code <prefix>tick_pacing_seconds_bucket}
     * for |start - previous start - 20 ms|. Only ticks with endpoints count.
     */
    public static void bindTicks(MeterRegistry registry, String prefix, io.switchboard.common.rtp.RtpEndpoints rtp) {
        long[] bounds = io.switchboard.common.rtp.TickStats.BOUNDS_MICROS;
        for (int i = 0; i <= bounds.length; i++) {
            int k = i;
            String le = i == bounds.length ? "+Inf" : Double.toString(bounds[i] / 1e6);
            FunctionCounter.builder(prefix + "tick_seconds_bucket", rtp, r -> r.tickStats().durationAtMost(k))
                    .tag("le", le).description("media clock ticks whose work took at most le").register(registry);
            FunctionCounter.builder(prefix + "tick_pacing_seconds_bucket", rtp, r -> r.tickStats().pacingAtMost(k))
                    .tag("le", le).description("media clock ticks that started at most le off the 20 ms grid").register(registry);
        }
    }

    private static void counter(MeterRegistry registry, String name, LongAdder n, String help) {
        FunctionCounter.builder(name, n, LongAdder::sum).description(help).register(registry);
    }
}
