package io.switchboard.signaling.trunk;

import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransport;
import io.switchboard.common.sip.SipTransportKind;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound registrations of the registration trunks (RFC 3261 §10.2): one REGISTER dialogue per
 * enabled trunk, from the active signaling member only (a standby's would bind a second Contact).
 * Each keeps one Call-ID and an increasing CSeq across refreshes (§10.2.4), answers a challenge once
 * per REGISTER, and follows {@link RegistrationMachine}'s refreshes and backoff. A trunk that is
 * removed or disabled is unregistered (Expires: 0, answering the provider's challenge once; best effort). DNS is resolved here, on this class's
 * own thread, never on a SIP event loop. Our Contact is {@code sip:USERNAME@OUR-ADDRESS:PORT}, the
 * user part being what the provider puts in the Request-URI of the calls it sends.
 */
public final class TrunkRegistrations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistrations.class);
    /** How often a standby looks again whether it became the active. */
    private static final Duration STANDBY_RECHECK = Duration.ofSeconds(5);

    private final SipTransport transport;
    private final SipMessages sip;
    private final BooleanSupplier active;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trunk-registrations");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, One> trunks = new ConcurrentHashMap<>();
    /**
     * The providers' registrars (address and port) as last resolved: their calls come from there. The port
     * counts: a phone on the provider's IP (behind the same NAT or SBC) is not the provider.
     */
    private final Map<InetSocketAddress, Trunk> registrars = new ConcurrentHashMap<>();

    public TrunkRegistrations(SipTransport transport, SipMessages sip, BooleanSupplier active, Clock clock) {
        this.transport = transport;
        this.sip = sip;
        this.active = active;
        this.clock = clock;
    }

    /** Every trunk as now defined: starts, restarts (when changed) and stops registrations to match. */
    public void update(List<Trunk> all) {
        timer.execute(() -> {
            Map<String, Trunk> wanted = new java.util.HashMap<>();
            for (Trunk t : all) {
                if (t.kind() == Trunk.Kind.REGISTRATION && t.enabled()) {
                    wanted.put(t.name(), t);
                }
            }
            for (One one : List.copyOf(trunks.values())) {
                Trunk now = wanted.get(one.trunk.name());
                if (now == null || !now.equals(one.trunk)) {
                    trunks.remove(one.trunk.name());
                    one.stop();
                }
            }
            for (Trunk t : wanted.values()) {
                trunks.computeIfAbsent(t.name(), n -> {
                    One one = new One(t);
                    one.schedule(Duration.ZERO);
                    return one;
                });
            }
        });
    }

    /** The registration trunk whose registrar is at {@code source} (as last resolved), if any: one map read. */
    public Optional<Trunk> registrarAt(InetSocketAddress source) {
        return Optional.ofNullable(registrars.get(source));
    }

    /** Where a registration trunk's registrar was last resolved to, for calls out over it. */
    public Optional<InetSocketAddress> addressOf(String trunk) {
        One one = trunks.get(trunk);
        return one == null || one.destination == null ? Optional.empty() : Optional.of(one.destination);
    }

    /** Each registration trunk's state; a trunk not registering (disabled, or an IP trunk) is absent. */
    public Optional<RegistrationStatus> status(String trunk) {
        One one = trunks.get(trunk);
        return one == null ? Optional.empty() : Optional.of(one.machine.status());
    }

    @Override
    public void close() {
        for (One one : List.copyOf(trunks.values())) {
            one.stop();
        }
        timer.shutdown();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One trunk's registration: its dialogue identifiers, its machine, its next REGISTER. */
    private final class One implements ClientTransactionUser {
        final Trunk trunk;
        final RegistrationMachine machine;
        final String callId;
        final String fromTag;
        long cseq;
        int nonceCount;
        volatile boolean stopped;
        ScheduledFuture<?> next;
        volatile InetSocketAddress destination;

        One(Trunk trunk) {
            this.trunk = trunk;
            this.machine = new RegistrationMachine(trunk.name(), trunk.registerExpires(), clock.instant());
            byte[] id = new byte[12];
            random.nextBytes(id);
            this.callId = "trunk-" + HexFormat.of().formatHex(id);
            this.fromTag = HexFormat.of().formatHex(id, 0, 4);
        }

        synchronized void schedule(Duration in) {
            if (stopped) {
                return;
            }
            next = timer.schedule(this::register, Math.max(0, in.toMillis()), TimeUnit.MILLISECONDS);
        }

        /** On the timer thread: a fresh REGISTER (or a look whether this member became the active). */
        void register() {
            if (stopped) {
                return;
            }
            if (!active.getAsBoolean()) {
                schedule(STANDBY_RECHECK);
                return;
            }
            try {
                destination = new InetSocketAddress(trunk.host(), trunk.port());
            } catch (IllegalArgumentException | SecurityException e) {
                destination = null;
            }
            if (destination == null || destination.isUnresolved()) {
                decide(machine.failed("cannot resolve " + trunk.host(), clock.instant()));
                return;
            }
            registrars.put(destination, trunk);
            machine.sending();
            send(machine.expires(), null);
        }

        void send(int expires, String authorization) {
            Request r;
            try {
                r = sip.messages().createRequest(request(expires, authorization));
            } catch (ParseException e) {
                decide(machine.failed("cannot build the REGISTER: " + e.getMessage(), clock.instant()));
                return;
            }
            transport.send(r, destination, kind(), this);
        }

        private String request(int expires, String authorization) {
            String domain = trunk.sipDomain();
            String uri = "sip:" + domain + (trunk.domain().isEmpty() && trunk.port() != 5060 ? ":" + trunk.port() : "");
            String aor = "<sip:" + trunk.username() + "@" + domain + ">";
            String t = trunk.transport() == Trunk.Transport.UDP ? "" : ";transport=" + trunk.transport().wire();
            String contact = "<sip:" + trunk.username() + "@" + transport.viaHost(destination) + ":" + transport.port(kind()) + t + ">";
            synchronized (this) {
                cseq++;
            }
            return "REGISTER " + uri + " SIP/2.0\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: " + aor + ";tag=" + fromTag + "\r\n"
                    + "To: " + aor + "\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + cseq + " REGISTER\r\n"
                    + "Contact: " + contact + "\r\n"
                    + "Expires: " + expires + "\r\n"
                    + (authorization == null ? "" : authorization + "\r\n")
                    + "User-Agent: Switchboard\r\n"
                    + "Content-Length: 0\r\n\r\n";
        }

        SipTransportKind kind() {
            return switch (trunk.transport()) {
                case UDP -> SipTransportKind.UDP;
                case TCP -> SipTransportKind.TCP;
                case TLS -> SipTransportKind.TLS;
            };
        }

        @Override
        public void onProvisional(ClientTransaction tx, Response response) {
        }

        @Override
        public void onFinal(ClientTransaction tx, Response response) {
            if (stopped) {
                return;
            }
            int status = response.getStatusCode();
            String challenge = status == 401 ? challenge(response, "WWW-Authenticate")
                    : status == 407 ? challenge(response, "Proxy-Authenticate") : null;
            Header min = response.getHeader("Min-Expires");
            int minExpires = min == null ? -1 : parseInt(value(min));
            decide(machine.answered(status, response.getReasonPhrase(), granted(response), challenge, minExpires, clock.instant()));
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            if (!stopped) {
                decide(machine.failed("no answer (timeout)", clock.instant()));
            }
        }

        @Override
        public void onTransportError(ClientTransaction tx, String reason) {
            if (!stopped) {
                decide(machine.failed("transport error: " + reason, clock.instant()));
            }
        }

        private void decide(RegistrationMachine.Next next) {
            RegistrationStatus s = machine.status();
            if (next instanceof RegistrationMachine.Next.Authenticate a) {
                Optional<String> value = DigestAnswer.challenge(a.challengeHeader()).flatMap(c -> {
                    synchronized (this) {
                        nonceCount++;
                    }
                    return DigestAnswer.answer(c, "REGISTER", requestUri(), trunk.username(), trunk.password(), nonceCount, random);
                });
                if (value.isEmpty()) {
                    decide(machine.failed("challenge we cannot answer: " + a.challengeHeader(), clock.instant()));
                    return;
                }
                timer.execute(() -> send(machine.expires(), (a.proxy() ? "Proxy-Authorization: " : "Authorization: ") + value.get()));
                return;
            }
            Instant at = ((RegistrationMachine.Next.RegisterAt) next).at();
            if (s.state().equals("failed")) {
                LOG.warn("trunk {}: registration failed ({}), attempt {}; next at {}", trunk.name(), s.answer(), s.failures(), at);
            } else if (s.failures() == 0 && s.state().equals("registered")) {
                LOG.debug("trunk {}: registered until {}", trunk.name(), s.expiresAt());
            }
            schedule(Duration.between(clock.instant(), at));
        }

        private String requestUri() {
            String domain = trunk.sipDomain();
            return "sip:" + domain + (trunk.domain().isEmpty() && trunk.port() != 5060 ? ":" + trunk.port() : "");
        }

        /** The expiry granted to our Contact: its expires parameter in the 2xx, else the Expires header, else -1. */
        private int granted(Response response) {
            ListIterator<?> it = response.getHeaders(ContactHeader.NAME);
            List<Integer> seen = new ArrayList<>();
            while (it != null && it.hasNext()) {
                ContactHeader c = (ContactHeader) it.next();
                String user = c.getAddress().getURI().toString();
                if (user.contains(trunk.username() + "@") && c.getExpires() >= 0) {
                    seen.add(c.getExpires());
                }
            }
            if (!seen.isEmpty()) {
                return seen.get(0);
            }
            ExpiresHeader e = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
            return e == null ? -1 : e.getExpires();
        }

        /** The first Digest challenge of {@code name} we can answer (a provider may offer SHA-256 and MD5). */
        private String challenge(Response response, String name) {
            ListIterator<?> it = response.getHeaders(name);
            String first = null;
            while (it != null && it.hasNext()) {
                String v = value((Header) it.next());
                first = first == null ? v : first;
                Optional<Map<String, String>> c = DigestAnswer.challenge(v);
                if (c.isPresent() && io.switchboard.signaling.auth.DigestAlgorithm.fromToken(c.get().get("algorithm")).isPresent()) {
                    return v;
                }
            }
            return first;
        }

        synchronized void stop() {
            stopped = true;
            if (destination != null) {
                registrars.remove(destination, trunk);
            }
            if (next != null) {
                next.cancel(false);
            }
            if (destination != null && machine.status().state().equals("registered") && active.getAsBoolean()) {
                unregister(null, true);
            }
        }

        /**
         * REGISTER with Expires: 0 (RFC 3261 §10.2.2); a provider's challenge to it is answered once, as for a
         * registration, so the binding goes now rather than when it expires. Best effort: nothing waits for it.
         */
        private void unregister(String authorization, boolean mayAnswer) {
            try {
                transport.send(sip.messages().createRequest(request(0, authorization)), destination, kind(), new ClientTransactionUser() {
                    @Override
                    public void onProvisional(ClientTransaction tx, Response r) {
                    }

                    @Override
                    public void onFinal(ClientTransaction tx, Response r) {
                        int status = r.getStatusCode();
                        String challenge = status == 401 ? challenge(r, "WWW-Authenticate")
                                : status == 407 ? challenge(r, "Proxy-Authenticate") : null;
                        if (challenge == null || !mayAnswer) {
                            LOG.info("trunk {}: unregistered: {} {}", trunk.name(), status, r.getReasonPhrase());
                            return;
                        }
                        Optional<String> value = DigestAnswer.challenge(challenge).flatMap(c -> {
                            synchronized (One.this) {
                                nonceCount++;
                            }
                            return DigestAnswer.answer(c, "REGISTER", requestUri(), trunk.username(), trunk.password(), nonceCount,
                                    random);
                        });
                        // Straight from here: at shutdown the registration timer is already stopped.
                        value.ifPresent(v -> unregister((status == 407 ? "Proxy-Authorization: " : "Authorization: ") + v, false));
                    }

                    @Override
                    public void onTimeout(ClientTransaction tx) {
                    }

                    @Override
                    public void onTransportError(ClientTransaction tx, String reason) {
                    }
                });
            } catch (ParseException | RuntimeException e) {
                LOG.debug("trunk {}: unregister not sent: {}", trunk.name(), e.getMessage());
            }
        }
    }

    private static String value(Header h) {
        String s = h.toString().trim();
        int colon = s.indexOf(':');
        return colon < 0 ? s : s.substring(colon + 1).trim();
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
