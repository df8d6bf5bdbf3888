package io.switchboard.signaling.trunk;

import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransport;
import io.switchboard.common.sip.SipTransportKind;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPTIONS keep-alive to every enabled trunk (RFC 3261 §11): any final answer, even 404 or 405, means the
 * provider is there; no answer (Timer F) or a transport error marks the trunk down, and outbound routes
 * skip it until it answers again, so calls go to the next trunk at once instead of each waiting out a
 * timeout. Per trunk, every {@code keepaliveSeconds} (0: never), from the active signaling member; one
 * OPTIONS in flight per trunk.
 */
public final class TrunkMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkMonitor.class);
    /** How often trunks are looked at; each is probed every {@link Trunk#keepaliveSeconds()}. */
    static final Duration TICK = Duration.ofSeconds(1);

    /** A trunk's keep-alive state: {@code up} or {@code down}, the last answer, and since when. */
    public record Health(String state, String answer, Instant since) {
    }

    private final SipTransport transport;
    private final SipMessages sip;
    private final Supplier<java.util.List<Trunk>> trunks;
    private final Function<Trunk, Optional<InetSocketAddress>> addresses;
    private final BooleanSupplier active;
    private final Clock clock;
    private final Map<String, Health> health = new ConcurrentHashMap<>();
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastProbe = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trunk-keepalive");
        t.setDaemon(true);
        return t;
    });
    private long sequence;

    public TrunkMonitor(SipTransport transport, SipMessages sip, Supplier<java.util.List<Trunk>> trunks,
                        Function<Trunk, Optional<InetSocketAddress>> addresses, BooleanSupplier active, Clock clock) {
        this.transport = transport;
        this.sip = sip;
        this.trunks = trunks;
        this.addresses = addresses;
        this.active = active;
        this.clock = clock;
    }

    public void start(Duration firstAfter) {
        timer.scheduleWithFixedDelay(this::probeAll, firstAfter.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Probes now (a trunk was added or changed): trunks with an OPTIONS in flight are left to it. */
    public void soon() {
        timer.execute(this::probeAll);
    }

    /** The trunk's keep-alive state; empty before its first answer or timeout. */
    public Optional<Health> health(String trunk) {
        return Optional.ofNullable(health.get(trunk));
    }

    /** False only for a trunk whose last OPTIONS went unanswered. */
    public boolean usable(String trunk) {
        Health h = health.get(trunk);
        return h == null || !h.state().equals("down");
    }

    void probeAll() {
        try {
            if (!active.getAsBoolean()) {
                return;
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            Instant now = clock.instant();
            for (Trunk t : trunks.get()) {
                if (!t.enabled() || t.keepaliveSeconds() == 0) {
                    continue;
                }
                names.add(t.name());
                Instant last = lastProbe.get(t.name());
                if (last != null && now.isBefore(last.plusSeconds(t.keepaliveSeconds()))) {
                    continue;
                }
                if (inFlight.putIfAbsent(t.name(), Boolean.TRUE) == null) {
                    lastProbe.put(t.name(), now);
                    Optional<InetSocketAddress> a = addresses.apply(t);
                    if (a.isEmpty()) {
                        inFlight.remove(t.name());
                        continue;
                    }
                    probe(t, a.get());
                }
            }
            health.keySet().retainAll(names);
            lastProbe.keySet().retainAll(names);
        } catch (RuntimeException e) {
            LOG.warn("trunk keep-alive round failed: {}", e.toString());
        }
    }

    private void probe(Trunk t, InetSocketAddress to) {
        SipTransportKind kind = switch (t.transport()) {
            case UDP -> SipTransportKind.UDP;
            case TCP -> SipTransportKind.TCP;
            case TLS -> SipTransportKind.TLS;
        };
        String uri = "sip:" + t.host() + (t.port() == 5060 ? "" : ":" + t.port());
        String domain = t.sipDomain();
        String user = t.username().isEmpty() ? "switchboard" : t.username();
        byte[] id = new byte[8];
        new java.security.SecureRandom().nextBytes(id);
        String text = "OPTIONS " + uri + " SIP/2.0\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + domain + ">;tag=" + HexFormat.of().formatHex(id, 0, 4) + "\r\n"
                + "To: <" + uri + ">\r\n"
                + "Call-ID: keepalive-" + HexFormat.of().formatHex(id) + "\r\n"
                + "CSeq: " + (++sequence) + " OPTIONS\r\n"
                + "Accept: application/sdp\r\n"
                + "Content-Length: 0\r\n\r\n";
        try {
            transport.send(sip.messages().createRequest(text), to, kind, new ClientTransactionUser() {
                @Override
                public void onProvisional(ClientTransaction tx, Response response) {
                }

                @Override
                public void onFinal(ClientTransaction tx, Response response) {
                    mark(t.name(), "up", response.getStatusCode() + " " + response.getReasonPhrase());
                }

                @Override
                public void onTimeout(ClientTransaction tx) {
                    mark(t.name(), "down", "no answer (timeout)");
                }

                @Override
                public void onTransportError(ClientTransaction tx, String reason) {
                    mark(t.name(), "down", "transport error: " + reason);
                }
            });
        } catch (ParseException | RuntimeException e) {
            inFlight.remove(t.name());
            LOG.warn("trunk {}: keep-alive OPTIONS not sent: {}", t.name(), e.getMessage());
        }
    }

    private void mark(String trunk, String state, String answer) {
        inFlight.remove(trunk);
        Health before = health.get(trunk);
        Instant since = before != null && before.state().equals(state) ? before.since() : clock.instant();
        health.put(trunk, new Health(state, answer, since));
        if (before == null ? state.equals("down") : !before.state().equals(state)) {
            if (state.equals("down")) {
                LOG.warn("trunk {} is down ({}): outbound routes skip it until it answers", trunk, answer);
            } else {
                LOG.info("trunk {} is up again ({})", trunk, answer);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
