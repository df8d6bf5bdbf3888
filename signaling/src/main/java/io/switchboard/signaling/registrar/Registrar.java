package io.switchboard.signaling.registrar;

import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.LogLimiter;
import io.switchboard.common.sip.RawServerTransaction;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.signaling.auth.AuthOutcome;
import io.switchboard.signaling.auth.DigestAuthenticator;
import io.switchboard.signaling.directory.SipUser;
import io.switchboard.signaling.location.Binding;
import io.switchboard.signaling.location.Bindings;
import io.switchboard.signaling.location.LocationService;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles REGISTER per RFC 3261 §10.3: digest authentication, then the binding rules (wildcard
 * removal, per-contact expiry, Min-Expires, Call-ID/CSeq ordering) applied through the
 * {@link LocationService}, then 200 with every current binding. A REGISTER without Contact is a query.
 *
 * <p>Nothing here blocks, so it runs on the event loop that read the request: the credentials are
 * parsed once and checked up to the nonce, the user comes from the directory's near cache (a miss
 * continues on that loop when the cluster answered), and the location service is local.
 *
 * <p>A REGISTER of the plain shape arrives as a {@link RawServerTransaction} (no RI parsing, the
 * response written from the request's bytes); any other as a {@link ServerTransaction}. Both are
 * read into one {@link RegisterRequest} and answered through {@link Reply}, so the rules exist once.
 */
public final class Registrar {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    private final RegistrarSettings settings;
    private final DigestAuthenticator auth;
    private final Function<String, CompletableFuture<Optional<SipUser>>> users;
    private final LocationService location;
    private final SipMessages sip;
    private final RegistrarCounters counters;
    private final DateHeaders dates = new DateHeaders();
    private final LogLimiter lookupFailures = LogLimiter.everyTenSeconds();

    /** How an answer leaves: whole header fields ({@code "Name: value"}) and the status; reason null = standard. */
    private interface Reply {
        void send(int status, String reason, List<String> headerLines);
    }

    /** @param users the directory's non-blocking lookup by extension */
    public Registrar(RegistrarSettings settings, DigestAuthenticator auth,
                     Function<String, CompletableFuture<Optional<SipUser>>> users, LocationService location,
                     SipMessages sip, RegistrarCounters counters) {
        this.settings = settings;
        this.auth = auth;
        this.users = users;
        this.location = location;
        this.sip = sip;
        this.counters = counters;
    }

    /** Answers now, or later on {@link ServerTransaction#loop()} when the user was not cached. Never blocks. */
    public void onRegister(ServerTransaction tx) {
        Request request = tx.request();
        handle(RegisterRequest.fromSip(request), tx.flow(), tx.loop(), (status, reason, lines) -> {
            Response response = reason == null ? sip.response(request, status) : sip.response(request, status, reason);
            try {
                for (String line : lines) {
                    int colon = line.indexOf(':');
                    response.addHeader(sip.headers().createHeader(line.substring(0, colon), line.substring(colon + 1).strip()));
                }
            } catch (ParseException e) {
                throw new IllegalStateException("registrar built a header the RI refuses: " + e.getMessage(), e);
            }
            tx.respond(response);
        });
    }

    /**
     * The same for a REGISTER read without the RI. False, with nothing sent, when a field is not of
     * the plain shape {@link RegisterRequest#fromRaw} reads: the request then comes back through
     * {@link #onRegister(ServerTransaction)}.
     */
    public boolean onRegister(RawServerTransaction tx) {
        RegisterRequest request = RegisterRequest.fromRaw(tx.raw());
        if (request == null) {
            return false;
        }
        handle(request, tx.flow(), tx.loop(), tx::respond);
        return true;
    }

    private void handle(RegisterRequest request, Flow flow, Executor loop, Reply reply) {
        if (request.aor() == null) {
            reject(reply, RegisterFailure.NOT_A_SIP_AOR);
            return;
        }
        String sourceIp = flow.remote().getAddress().getHostAddress();
        DigestAuthenticator.Precheck pre = auth.precheck(auth.forRealm(request.credentials()), Request.REGISTER, sourceIp);
        if (pre.decided()) {
            challenge(reply, request, flow, pre.result());
            return;
        }
        CompletableFuture<Optional<SipUser>> user = users.apply(pre.username());
        if (user.isDone() && !user.isCompletedExceptionally()) {
            register(reply, request, flow, auth.verify(pre, user.join()));
            return;
        }
        user.whenCompleteAsync((found, failure) -> {
            if (failure != null) {
                lookupFailed(reply, request, failure);
            } else {
                register(reply, request, flow, auth.verify(pre, found));
            }
        }, loop);
    }

    private void register(Reply reply, RegisterRequest request, Flow flow, DigestAuthenticator.Result result) {
        if (result.outcome() != AuthOutcome.AUTHENTICATED) {
            challenge(reply, request, flow, result);
            return;
        }
        String aor = request.aor();
        if (!result.user().get().extension().equals(aor)) {
            reject(reply, RegisterFailure.FOREIGN_AOR);
            return;
        }
        try {
            Bindings current = request.contacts().isEmpty()
                    ? location.lookup(aor) : location.update(aor, old -> apply(request, flow, old));
            reply.send(Response.OK, null, okLines(current));
            counters.registered();
        } catch (RegisterRejected e) {
            reject(reply, e.failure);
        }
    }

    /** The directory could not answer (database down): the phone retries after a 503 (RFC 3261 §21.5.4). */
    private void lookupFailed(Reply reply, RegisterRequest request, Throwable failure) {
        counters.failed();
        if (lookupFailures.admit() >= 0) {
            LOG.warn("REGISTER Call-ID {}: user lookup failed: {}", request.callId(), failure.toString());
        }
        reply.send(Response.SERVICE_UNAVAILABLE, "Service Unavailable - user directory", List.of("Retry-After: 5"));
    }

    private void challenge(Reply reply, RegisterRequest request, Flow flow, DigestAuthenticator.Result result) {
        if (result.outcome() == AuthOutcome.MALFORMED) {
            reply.send(Response.BAD_REQUEST, "Bad Request - " + result.detail(), List.of());
            counters.failed();
            return;
        }
        if (result.outcome() == AuthOutcome.REJECTED) {
            counters.authFailed();
            LOG.info("REGISTER from {} rejected: {} (Call-ID {})", flow.remote(), result.detail(), request.callId());
        } else {
            counters.challenged();
        }
        List<String> values = auth.challengeValues(result.outcome() == AuthOutcome.STALE);
        List<String> lines = new ArrayList<>(values.size());
        for (String value : values) {
            lines.add("WWW-Authenticate: " + value);
        }
        reply.send(Response.UNAUTHORIZED, null, lines);
    }

    /** The binding rules of RFC 3261 §10.3 steps 6-8, run inside the location service's update. */
    private Bindings apply(RegisterRequest request, Flow flow, Bindings bindings) {
        long now = location.now();
        String callId = request.callId();
        long cseq = request.cseq();
        int headerExpires = request.headerExpires();
        List<RegisterRequest.RegisterContact> contacts = request.contacts();
        if (contacts.stream().anyMatch(RegisterRequest.RegisterContact::wildcard)) {
            if (contacts.size() != 1 || headerExpires != 0) {
                throw new RegisterRejected(RegisterFailure.BAD_WILDCARD);
            }
            for (Binding b : bindings.contacts()) {
                if (b.callId().equals(callId) && cseq <= b.cseq()) {
                    throw new RegisterRejected(RegisterFailure.OUT_OF_ORDER);
                }
            }
            return Bindings.empty(bindings.aor());
        }
        Bindings next = bindings;
        String source = flow.remote().getAddress().getHostAddress() + ":" + flow.remote().getPort();
        for (RegisterRequest.RegisterContact c : contacts) {
            int expires = c.expires() >= 0 ? c.expires() : headerExpires >= 0 ? headerExpires : settings.defaultExpires();
            if (expires > 0 && expires < settings.minExpires()) {
                throw new RegisterRejected(RegisterFailure.INTERVAL_TOO_BRIEF);
            }
            expires = Math.min(expires, settings.maxExpires());
            Binding b = new Binding(c.uri(), c.instance(), callId, cseq, now + expires * 1000L,
                    source, flow.transport().name(), now, request.userAgent());
            var existing = next.find(b);
            if (existing.isPresent() && existing.get().callId().equals(callId) && cseq <= existing.get().cseq()) {
                throw new RegisterRejected(RegisterFailure.OUT_OF_ORDER);
            }
            next = expires == 0 ? next.remove(b) : next.put(b);
        }
        if (next.live(now).contacts().size() > settings.maxContacts()) {
            throw new RegisterRejected(RegisterFailure.TOO_MANY_CONTACTS);
        }
        return next;
    }

    /** Every current binding with the seconds it has left (RFC 3261 §10.3 step 8), and Date. */
    private List<String> okLines(Bindings bindings) {
        long now = location.now();
        List<String> lines = new ArrayList<>(bindings.contacts().size() + 1);
        for (Binding b : bindings.contacts()) {
            StringBuilder line = new StringBuilder(96).append("Contact: <").append(b.contact()).append(">;expires=")
                    .append(b.secondsLeft(now));
            if (!b.instanceId().isEmpty()) {
                // RFC 5626 §4.1: the value is a quoted string ("<urn:uuid:...>"); Linphone's parser
                // refuses the whole Contact without the quotes.
                line.append(";+sip.instance=").append(quoted(b.instanceId()));
            }
            lines.add(line.toString());
        }
        lines.add(dates.at(now));
        return lines;
    }

    private void reject(Reply reply, RegisterFailure failure) {
        counters.failed();
        List<String> lines = new ArrayList<>(2);
        lines.add("Warning: 399 switchboard \"" + failure.warning().replace("\"", "'") + "\"");
        if (failure == RegisterFailure.INTERVAL_TOO_BRIEF) {
            lines.add("Min-Expires: " + settings.minExpires());
        }
        reply.send(failure.status(), failure.reason(), lines);
    }

    private static String quoted(String value) {
        return value.startsWith("\"") ? value : "\"" + value.replace("\"", "") + "\"";
    }
}
