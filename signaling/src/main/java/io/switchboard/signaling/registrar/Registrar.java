package io.switchboard.signaling.registrar;

import io.switchboard.common.sip.LogLimiter;
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
import java.util.ListIterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
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
 */
public final class Registrar {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    private final RegistrarSettings settings;
    private final DigestAuthenticator auth;
    private final Function<String, CompletableFuture<Optional<SipUser>>> users;
    private final LocationService location;
    private final SipMessages sip;
    private final RegistrarCounters counters;
    private final DateHeaders dates;
    private final LogLimiter lookupFailures = LogLimiter.everyTenSeconds();

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
        this.dates = new DateHeaders(sip.headers());
    }

    /** Answers now, or later on {@link ServerTransaction#loop()} when the user was not cached. Never blocks. */
    public void onRegister(ServerTransaction tx) {
        Request request = tx.request();
        String aor = aorOf(request);
        if (aor == null) {
            reject(tx, RegisterFailure.NOT_A_SIP_AOR);
            return;
        }
        DigestAuthenticator.Precheck pre = auth.precheck(request, AuthorizationHeader.NAME,
                tx.flow().remote().getAddress().getHostAddress());
        if (pre.decided()) {
            challenge(tx, pre.result());
            return;
        }
        CompletableFuture<Optional<SipUser>> user = users.apply(pre.username());
        if (user.isDone() && !user.isCompletedExceptionally()) {
            register(tx, aor, auth.verify(pre, user.join()));
            return;
        }
        user.whenCompleteAsync((found, failure) -> {
            if (failure != null) {
                lookupFailed(tx, failure);
            } else {
                register(tx, aor, auth.verify(pre, found));
            }
        }, tx.loop());
    }

    private void register(ServerTransaction tx, String aor, DigestAuthenticator.Result result) {
        if (result.outcome() != AuthOutcome.AUTHENTICATED) {
            challenge(tx, result);
            return;
        }
        if (!result.user().get().extension().equals(aor)) {
            reject(tx, RegisterFailure.FOREIGN_AOR);
            return;
        }
        Request request = tx.request();
        try {
            Bindings current = hasContact(request) ? location.update(aor, old -> apply(request, tx, old)) : location.lookup(aor);
            tx.respond(ok(request, current));
            counters.registered();
        } catch (RegisterRejected e) {
            reject(tx, e.failure);
        }
    }

    /** The directory could not answer (database down): the phone retries after a 503 (RFC 3261 §21.5.4). */
    private void lookupFailed(ServerTransaction tx, Throwable failure) {
        counters.failed();
        if (lookupFailures.admit() >= 0) {
            LOG.warn("REGISTER Call-ID {}: user lookup failed: {}", callId(tx.request()), failure.toString());
        }
        Response busy = sip.response(tx.request(), Response.SERVICE_UNAVAILABLE, "Service Unavailable - user directory");
        try {
            busy.setHeader(sip.headers().createRetryAfterHeader(5));
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
        tx.respond(busy);
    }

    private void challenge(ServerTransaction tx, DigestAuthenticator.Result result) {
        if (result.outcome() == AuthOutcome.MALFORMED) {
            tx.respond(sip.response(tx.request(), Response.BAD_REQUEST, "Bad Request - " + result.detail()));
            counters.failed();
            return;
        }
        if (result.outcome() == AuthOutcome.REJECTED) {
            counters.authFailed();
            LOG.info("REGISTER from {} rejected: {} (Call-ID {})", tx.flow().remote(), result.detail(), callId(tx.request()));
        } else {
            counters.challenged();
        }
        Response response = sip.response(tx.request(), Response.UNAUTHORIZED);
        auth.challenge(response, result.outcome() == AuthOutcome.STALE);
        tx.respond(response);
    }

    /** The binding rules of RFC 3261 §10.3 steps 6-8, run inside the location service's update. */
    private Bindings apply(Request request, ServerTransaction tx, Bindings bindings) {
        long now = location.now();
        String callId = callId(request);
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        int headerExpires = headerExpires(request);
        List<ContactHeader> contacts = contacts(request);
        if (contacts.stream().anyMatch(ContactHeader::isWildCard)) {
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
        String source = tx.flow().remote().getAddress().getHostAddress() + ":" + tx.flow().remote().getPort();
        UserAgentHeader ua = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        String userAgent = ua == null ? "" : String.join(" ", asStrings(ua.getProduct()));
        for (ContactHeader c : contacts) {
            int expires = c.getExpires() >= 0 ? c.getExpires() : headerExpires >= 0 ? headerExpires : settings.defaultExpires();
            if (expires > 0 && expires < settings.minExpires()) {
                throw new RegisterRejected(RegisterFailure.INTERVAL_TOO_BRIEF);
            }
            expires = Math.min(expires, settings.maxExpires());
            Address address = c.getAddress();
            String instance = c.getParameter("+sip.instance");
            Binding b = new Binding(address.getURI().toString(), instance, callId, cseq, now + expires * 1000L,
                    source, tx.flow().transport().name(), now, userAgent);
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

    private Response ok(Request request, Bindings bindings) {
        Response response = sip.response(request, Response.OK);
        long now = location.now();
        try {
            for (Binding b : bindings.contacts()) {
                ContactHeader contact = sip.headers().createContactHeader(sip.addresses().createAddress(b.contact()));
                contact.setExpires((int) b.secondsLeft(now));
                if (!b.instanceId().isEmpty()) {
                    // RFC 5626 §4.1: the value is a quoted string ("<urn:uuid:...>"); the stack hands it to us
                    // unquoted, and Linphone's parser refuses the whole Contact without the quotes.
                    contact.setParameter("+sip.instance", quoted(b.instanceId()));
                }
                response.addHeader(contact);
            }
            response.setHeader(dates.at(now));
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException("stored contact no longer parses", e);
        }
        return response;
    }

    private void reject(ServerTransaction tx, RegisterFailure failure) {
        counters.failed();
        Response response = sip.response(tx.request(), failure.status(), failure.reason());
        try {
            response.addHeader(sip.headers().createWarningHeader("switchboard", 399, failure.warning()));
            if (failure == RegisterFailure.INTERVAL_TOO_BRIEF) {
                response.addHeader(sip.headers().createMinExpiresHeader(settings.minExpires()));
            }
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
        tx.respond(response);
    }

    /** The AOR's user part: extensions are unique in the single domain this registrar serves. */
    private static String aorOf(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (to != null && to.getAddress().getURI() instanceof SipURI uri && uri.getUser() != null && !uri.getUser().isEmpty()) {
            return uri.getUser();
        }
        return null;
    }

    private int headerExpires(Request request) {
        ExpiresHeader h = request.getExpires();
        if (h == null) {
            return -1;
        }
        return h.getExpires();
    }

    private static String quoted(String value) {
        return value.startsWith("\"") ? value : "\"" + value.replace("\"", "") + "\"";
    }

    private static boolean hasContact(Request request) {
        return request.getHeader(ContactHeader.NAME) != null;
    }

    private static List<ContactHeader> contacts(Request request) {
        List<ContactHeader> out = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            out.add((ContactHeader) it.next());
        }
        return out;
    }

    private static List<String> asStrings(ListIterator<?> it) {
        List<String> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(String.valueOf(it.next()));
        }
        return out;
    }

    private static String callId(Request request) {
        CallIdHeader h = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return h == null ? "" : h.getCallId();
    }
}
