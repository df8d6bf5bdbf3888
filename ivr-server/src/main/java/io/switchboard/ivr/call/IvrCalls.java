package io.switchboard.ivr.call;

import io.switchboard.common.ivr.IvrApp;
import io.switchboard.common.ivr.IvrApps;
import io.switchboard.common.prompt.PromptLibrary;
import io.switchboard.common.rtp.MediaNegotiation;
import io.switchboard.common.rtp.RtpEndpoint;
import io.switchboard.common.rtp.RtpEndpoints;
import io.switchboard.common.sdp.SessionDescription;
import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipRequestHandler;
import io.switchboard.common.sip.SipTransport;
import io.switchboard.common.sip.dialog.Dialog;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import javax.sip.InvalidArgumentException;
import javax.sip.address.SipURI;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP side of the IVR node (its transport's {@link SipRequestHandler}) and the one owner of the
 * live {@link IvrCall}s, keyed by Call-ID and our tag. A new INVITE names the application by the
 * Request-URI user ({@link IvrApps#byNumber}); it is answered at once with our RTP endpoint's SDP,
 * or refused: 404 (no such number), 503 + Retry-After (full, or no RTP port: signaling tries the
 * next IVR node), 488 (no common codec), 400 (SDP unreadable).
 */
public final class IvrCalls implements SipRequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(IvrCalls.class);
    static final List<String> ALLOW = List.of("INVITE", "ACK", "BYE", "CANCEL", "INFO", "NOTIFY", "OPTIONS");

    private final IvrApps apps;
    private final RtpEndpoints rtp;
    private final MediaNegotiation negotiation;
    private final PromptLibrary prompts;
    private final SipMessages sip;
    private final ScheduledExecutorService events;
    private final String advertisedAddress;
    private final int maxSessions;
    private final Clock clock;
    private final IvrMeters meters = new IvrMeters();
    private final ConcurrentMap<String, IvrCall> calls = new ConcurrentHashMap<>();
    private volatile SipTransport transport;
    private volatile String contact;

    public IvrCalls(IvrApps apps, RtpEndpoints rtp, MediaNegotiation negotiation, PromptLibrary prompts, SipMessages sip,
                    ScheduledExecutorService events, String advertisedAddress, int maxSessions, Clock clock) {
        this.apps = apps;
        this.rtp = rtp;
        this.negotiation = negotiation;
        this.prompts = prompts;
        this.sip = sip;
        this.events = events;
        this.advertisedAddress = advertisedAddress;
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    /** The transport is made with this handler, so it is attached once bound. */
    public void attach(SipTransport transport) {
        this.transport = transport;
        this.contact = "<sip:" + contactUser() + "@" + advertisedAddress + ":" + transport.port() + ">";
    }

    /** Live callers (each holds an RTP port pair and a session). */
    public int size() {
        return calls.size();
    }

    public IvrMeters meters() {
        return meters;
    }

    /** Who may send requests: signaling, through which every caller comes. Everyone else gets 403. */
    private volatile java.util.function.Predicate<java.net.InetAddress> admitted = source -> true;

    public void admitOnly(java.util.function.Predicate<java.net.InetAddress> admitted) {
        this.admitted = admitted;
    }

    @Override
    public void onRequest(ServerTransaction tx) {
        Request request = tx.request();
        String method = request.getMethod();
        if (!admitted.test(tx.flow().remote().getAddress())) {
            meters.forbidden.increment();
            if (!Request.ACK.equals(method)) {
                tx.respond(sip.response(request, Response.FORBIDDEN, "Forbidden - calls reach the IVR through signaling"));
            }
            return;
        }
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        String callId = ((javax.sip.header.CallIdHeader) request.getHeader("Call-ID")).getCallId();
        IvrCall call = toTag == null ? null : calls.get(key(callId, toTag));
        if (call != null) {
            if (Request.ACK.equals(method)) {
                call.onAck();
            } else {
                call.onRequest(tx);
            }
            return;
        }
        switch (method) {
            case Request.ACK -> { } // for a refusal, or for a call already gone
            case Request.INVITE -> {
                if (toTag == null) {
                    onInvite(tx);
                } else {
                    tx.respond(sip.response(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
                }
            }
            case Request.OPTIONS -> tx.respond(withAllow(sip.response(request, Response.OK)));
            default -> tx.respond(sip.response(request, toTag == null && !Request.BYE.equals(method)
                    ? Response.METHOD_NOT_ALLOWED : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
        }
    }

    private void onInvite(ServerTransaction tx) {
        Request invite = tx.request();
        String number = invite.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
        Optional<IvrApp> app = number == null ? Optional.empty() : apps.routeNumber(number);
        if (app.isEmpty()) {
            tx.respond(sip.response(invite, Response.NOT_FOUND, "Not Found - no IVR application on " + number));
            return;
        }
        if (calls.size() >= maxSessions) {
            meters.refused.increment();
            tx.respond(retryLater(sip.response(invite, Response.SERVICE_UNAVAILABLE, "Service Unavailable - IVR node full")));
            return;
        }
        SessionDescription offer;
        try {
            byte[] raw = invite.getRawContent();
            if (raw == null || raw.length == 0) {
                tx.respond(sip.response(invite, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here - an SDP offer is required"));
                return;
            }
            offer = SessionDescription.parse(new String(raw, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            tx.respond(sip.response(invite, Response.BAD_REQUEST, "Bad Request - unreadable SDP"));
            return;
        }
        RtpEndpoint endpoint = rtp.open();
        if (endpoint == null) {
            meters.refused.increment();
            tx.respond(retryLater(sip.response(invite, Response.SERVICE_UNAVAILABLE, "Service Unavailable - no RTP port")));
            return;
        }
        try {
            MediaNegotiation.Answer answer = negotiation.answer(offer, advertisedAddress, endpoint.localPort());
            if (answer.media().isEmpty()) {
                endpoint.close();
                tx.respond(sip.response(invite, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here - no common codec"));
                return;
            }
            String sdp = answer.sdp().write();
            Response ok = answer(invite, sdp);
            Dialog dialog = Dialog.asUas(sip, invite, ((ToHeader) ok.getHeader(ToHeader.NAME)).getTag(),
                    tx.flow());
            IvrCall call = new IvrCall(this, app.get(), dialog, endpoint,
                    answer.media().get(), sdp);
            calls.put(call.key(), call);
            meters.calls.increment();
            tx.onCancel(() -> call.abandon(false));
            tx.onAckTimeout(() -> call.abandon(true));
            tx.respond(ok);
            LOG.debug("IVR call {} answered for app {}", call.key(), app.get().name());
        } catch (RuntimeException e) {
            // Whatever went wrong, the port pair goes back (the transport answers 500 for the exception).
            endpoint.close();
            calls.values().removeIf(c -> c.usesEndpoint(endpoint));
            throw e;
        }
    }

    /** A 200 with our Contact and {@code sdp}. */
    Response answer(Request invite, String sdp) {
        Response ok = withAllow(sip.response(invite, Response.OK));
        try {
            ok.addHeader(sip.headers().createHeader("Contact", contact));
            ContentTypeHeader type = sip.headers().createContentTypeHeader("application", "sdp");
            ok.setContent(sdp.getBytes(StandardCharsets.UTF_8), type);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return ok;
    }

    Response withAllow(Response r) {
        try {
            r.removeHeader("Allow");
            for (String method : ALLOW) {
                r.addHeader(sip.headers().createAllowHeader(method));
            }
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    private Response retryLater(Response r) {
        try {
            r.addHeader(sip.headers().createRetryAfterHeader(5));
        } catch (InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    /** Ends every call with BYE (node shutting down). */
    public void closeAll() {
        for (IvrCall call : List.copyOf(calls.values())) {
            call.hangUpNow();
        }
    }

    static String key(String callId, String localTag) {
        return callId + '\n' + localTag;
    }

    void remove(IvrCall call) {
        calls.remove(call.key(), call);
    }

    ClientTransactionUser ignoreResponses() {
        return new ClientTransactionUser() {
            @Override
            public void onProvisional(ClientTransaction tx, Response response) {
            }

            @Override
            public void onFinal(ClientTransaction tx, Response response) {
            }

            @Override
            public void onTimeout(ClientTransaction tx) {
            }

            @Override
            public void onTransportError(ClientTransaction tx, String reason) {
                LOG.debug("{} not sent: {}", tx.request().getMethod(), reason);
            }
        };
    }

    Clock clock() {
        return clock;
    }

    ScheduledExecutorService events() {
        return events;
    }

    SipMessages sip() {
        return sip;
    }

    SipTransport transport() {
        return transport;
    }

    PromptLibrary prompts() {
        return prompts;
    }

    /** Our Contact as an address, for requests built from the dialog model. */
    javax.sip.address.Address contactAddress() {
        try {
            return sip.addresses().createAddress(contact);
        } catch (ParseException e) {
            throw new IllegalStateException("own contact is not a SIP address: " + contact, e);
        }
    }

    String contact() {
        return contact;
    }

    String contactUser() {
        return "ivr";
    }

    String advertisedAddress() {
        return advertisedAddress;
    }
}
