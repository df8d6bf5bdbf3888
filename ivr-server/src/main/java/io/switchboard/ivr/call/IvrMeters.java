package io.switchboard.ivr.call;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Plain counters of the IVR calls; {@link #bindTo} exposes them as Prometheus meters. */
public final class IvrMeters {
    final LongAdder calls = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder digits = new LongAdder();
    final LongAdder transfers = new LongAdder();
    final LongAdder transferFailures = new LongAdder();
    final LongAdder forbidden = new LongAdder();
    private final ConcurrentMap<String, LongAdder> played = new ConcurrentHashMap<>();

    void played(String prompt) {
        played.computeIfAbsent(prompt, p -> new LongAdder()).increment();
    }

    /** How often {@code prompt} started playing since start. */
    public long timesPlayed(String prompt) {
        LongAdder n = played.get(prompt);
        return n == null ? 0 : n.sum();
    }

    public long callsAnswered() {
        return calls.sum();
    }

    public long digitsReceived() {
        return digits.sum();
    }

    public long transfersDone() {
        return transfers.sum();
    }

    /** Requests refused with 403 because they did not come through signaling. */
    public long forbiddenSources() {
        return forbidden.sum();
    }

    public long transfersFailed() {
        return transferFailures.sum();
    }

    public void bindTo(MeterRegistry registry, IvrCalls live) {
        Gauge.builder("switchboard_ivr_sessions", live, IvrCalls::size).description("callers in an IVR session now")
                .register(registry);
        counter(registry, "switchboard_ivr_calls", calls, "INVITEs answered");
        counter(registry, "switchboard_ivr_refused", refused, "INVITEs refused with 503 (full or no RTP port)");
        counter(registry, "switchboard_ivr_digits", digits, "DTMF keys received (RFC 4733, in-band, SIP INFO)");
        counter(registry, "switchboard_ivr_transfers", transfers, "callers handed on by REFER");
        counter(registry, "switchboard_ivr_transfer_failures", transferFailures, "REFERs refused or failed");
        counter(registry, "switchboard_ivr_forbidden", forbidden, "requests from outside the cluster refused with 403");
    }

    private static void counter(MeterRegistry registry, String name, LongAdder n, String help) {
        FunctionCounter.builder(name, n, LongAdder::sum).description(help).register(registry);
    }
}
