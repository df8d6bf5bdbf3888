package io.switchboard.ivr.call;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plain counters of what IVR sessions did; {@link #bindTo} exposes them as Prometheus meters. The
 * SIP side's counters (calls answered, refused, forbidden, live sessions) are the worker skeleton's
 * ({@link io.switchboard.common.worker.WorkerMeters}).
 */
public final class IvrMeters {
    final LongAdder digits = new LongAdder();
    final LongAdder transfers = new LongAdder();
    final LongAdder transferFailures = new LongAdder();
    private final ConcurrentMap<String, LongAdder> played = new ConcurrentHashMap<>();

    void played(String prompt) {
        played.computeIfAbsent(prompt, p -> new LongAdder()).increment();
    }

    /** How often {@code prompt} started playing since start. */
    public long timesPlayed(String prompt) {
        LongAdder n = played.get(prompt);
        return n == null ? 0 : n.sum();
    }

    public long digitsReceived() {
        return digits.sum();
    }

    public long transfersDone() {
        return transfers.sum();
    }

    public long transfersFailed() {
        return transferFailures.sum();
    }

    public void bindTo(MeterRegistry registry) {
        counter(registry, "switchboard_ivr_digits", digits, "DTMF keys received (RFC 4733, in-band, SIP INFO)");
        counter(registry, "switchboard_ivr_transfers", transfers, "callers handed on by REFER");
        counter(registry, "switchboard_ivr_transfer_failures", transferFailures, "REFERs refused or failed");
    }

    private static void counter(MeterRegistry registry, String name, LongAdder n, String help) {
        FunctionCounter.builder(name, n, LongAdder::sum).description(help).register(registry);
    }
}
