package io.switchboard.signaling.registrar;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Registrar outcomes as Prometheus counters ({@code sip.register} with tag {@code outcome}). */
public final class RegistrarCounters {
    private final Counter registered;
    private final Counter challenged;
    private final Counter authFailed;
    private final Counter failed;

    public RegistrarCounters(MeterRegistry registry) {
        registered = registry.counter("sip.register", "outcome", "ok");
        challenged = registry.counter("sip.register", "outcome", "challenged");
        authFailed = registry.counter("sip.register", "outcome", "auth_failed");
        failed = registry.counter("sip.register", "outcome", "rejected");
    }

    void registered() {
        registered.increment();
    }

    void challenged() {
        challenged.increment();
    }

    void authFailed() {
        authFailed.increment();
    }

    void failed() {
        failed.increment();
    }
}
