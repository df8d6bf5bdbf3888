package io.switchboard.common.sip;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.LongAdder;

/**
 * The transport's meters. The packet path increments plain {@link LongAdder}s; Micrometer reads
 * them through function counters, so nothing on the path looks a meter up or allocates.
 * Unknown request methods share the tag {@code other} so a peer cannot create meters at will.
 */
final class SipTransportMeters {
    private static final List<String> METHODS = List.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER",
            "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE");

    private final Map<String, LongAdder> requestsByMethod = new HashMap<>();
    private final LongAdder otherRequests = new LongAdder();
    private final LongAdder[] responsesByClass = new LongAdder[7];
    private final EnumMap<MalformedSip, LongAdder> malformed = new EnumMap<>(MalformedSip.class);
    private final EnumMap<UnsupportedRequest, LongAdder> unsupported = new EnumMap<>(UnsupportedRequest.class);
    final LongAdder absorbed = new LongAdder();
    /** New requests read by {@link RawRequest} and answered without the RI parser. */
    final LongAdder rawAnswered = new LongAdder();
    final LongAdder overloadRejected = new LongAdder();
    final LongAdder fairnessDropped = new LongAdder();
    /** TCP/TLS connections closed at once: over the per-source or the total cap. */
    final LongAdder connectionsRefused = new LongAdder();
    private final List<Meter> registered = new ArrayList<>();

    SipTransportMeters() {
        METHODS.forEach(method -> requestsByMethod.put(method, new LongAdder()));
        for (int i = 1; i < responsesByClass.length; i++) {
            responsesByClass[i] = new LongAdder();
        }
        for (MalformedSip reason : MalformedSip.values()) {
            malformed.put(reason, new LongAdder());
        }
        for (UnsupportedRequest reason : UnsupportedRequest.values()) {
            unsupported.put(reason, new LongAdder());
        }
    }

    void requestReceived(String method) {
        requestsByMethod.getOrDefault(method, otherRequests).increment();
    }

    void responseSent(int status) {
        int statusClass = status / 100;
        if (statusClass >= 1 && statusClass <= 6) {
            responsesByClass[statusClass].increment();
        }
    }

    void malformed(MalformedSip reason) {
        malformed.get(reason).increment();
    }

    void unsupported(UnsupportedRequest reason) {
        unsupported.get(reason).increment();
    }

    long malformedCount(MalformedSip reason) {
        return malformed.get(reason).sum();
    }

    void bind(MeterRegistry registry, ThreadPoolExecutor workers, ServerTransactionTable transactions) {
        requestsByMethod.forEach((method, count) -> counter(registry, "sip.requests.received", "method", method, count));
        counter(registry, "sip.requests.received", "method", "other", otherRequests);
        for (int i = 1; i < responsesByClass.length; i++) {
            counter(registry, "sip.responses.sent", "status", i + "xx", responsesByClass[i]);
        }
        malformed.forEach((reason, count) -> counter(registry, "sip.malformed", "reason", reason.tag(), count));
        unsupported.forEach((reason, count) -> counter(registry, "sip.unsupported", "reason", reason.tag(), count));
        counter(registry, "sip.retransmissions.absorbed", null, null, absorbed);
        counter(registry, "sip.requests.raw", null, null, rawAnswered);
        counter(registry, "sip.overload.rejected", null, null, overloadRejected);
        counter(registry, "sip.fairness.dropped", null, null, fairnessDropped);
        counter(registry, "sip.connections.refused", null, null, connectionsRefused);
        registered.add(Gauge.builder("sip.worker.queue.depth", workers, w -> w.getQueue().size())
                .description("requests waiting for a worker thread").register(registry));
        registered.add(Gauge.builder("sip.transactions.active", transactions, ServerTransactionTable::size)
                .description("live server transactions").register(registry));
    }

    void bindClients(MeterRegistry registry, ClientTransactions clients) {
        registered.add(Gauge.builder("sip.client.transactions.active", clients, ClientTransactions::size)
                .description("live client transactions").register(registry));
    }

    /** Removes the meters so that a transport started later on the same registry binds fresh ones. */
    void unbind(MeterRegistry registry) {
        registered.forEach(registry::remove);
        registered.clear();
    }

    private void counter(MeterRegistry registry, String name, String tagKey, String tagValue, LongAdder count) {
        FunctionCounter.Builder<LongAdder> builder = FunctionCounter.builder(name, count, LongAdder::sum);
        if (tagKey != null) {
            builder.tag(tagKey, tagValue);
        }
        registered.add(builder.register(registry));
    }
}
