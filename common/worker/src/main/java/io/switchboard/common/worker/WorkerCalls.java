package io.switchboard.common.worker;

import io.switchboard.common.prompt.PromptLibrary;
import io.switchboard.common.rtp.MediaNegotiation;
import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipRequestHandler;
import io.switchboard.common.sip.SipTransport;
import io.switchboard.common.sip.dialog.Dialog;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import javax.sip.address.Address;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP side of a worker node (its transport's {@link SipRequestHandler}) and the one owner of the
 * live {@link AnsweredCall}s, keyed by Call-ID and our tag (RFC 3261 §12: the dialog is ours, so our
 * tag is the To tag of every request in it).
 *
 * <ul>
 * <li>A request from an address that is not a cluster member gets 403: callers come through
 *     signaling's B2BUA, and a direct INVITE would make us stream RTP to any address.</li>
 * <li>A new INVITE goes through {@link InviteAdmission}: refused, or answered at once with our SDP.
 *     CANCEL before our 2xx and a missing ACK end the call (RFC 3261 §9.2, §13.3.1.4).</li>
 * <li>A request of a live dialog goes to its call; ACK for anything else is absorbed; any other
 *     request with a To tag we do not know gets 481 (§12.2.2), OPTIONS 200 (§11.2), the rest 405.</li>
 * </ul>
 */
public final class WorkerCalls implements SipRequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCalls.class);

    private final WorkerRole role;
    private final InviteAdmission admission;
    private final PromptLibrary prompts;
    private final SipMessages sip;
    private final WorkerResponses responses;
    private final ScheduledExecutorService events;
    private final WorkerMeters meters = new WorkerMeters();
    private final ConcurrentMap<String, LiveCall> calls = new ConcurrentHashMap<>();
    private final MediaPorts media;
    private final MediaNegotiation negotiation;
    private volatile Predicate<InetAddress> admitted = source -> true;
    private volatile RequestSender sender;
    private volatile String contact;

    /**
     * @param events runs media callbacks (digits, prompt ends) off the media event loops, and the
     *               sessions' timers; calls block briefly on their own lock there, never on I/O
     */
    public WorkerCalls(WorkerRole role, WorkerApplications applications, MediaPorts media, MediaNegotiation negotiation,
                       PromptLibrary prompts, SipMessages sip, ScheduledExecutorService events) {
        this.role = role;
        this.admission = new InviteAdmission(role, applications, media, negotiation);
        this.media = media;
        this.negotiation = negotiation;
        this.prompts = prompts;
        this.sip = sip;
        this.responses = new WorkerResponses(sip);
        this.events = events;
    }

    /** The transport is made with this handler, so it is attached once bound. */
    public void attach(SipTransport transport) {
        attach(transport.port(), RequestSender.of(transport));
    }

    /** Our SIP port (for Contact) and how calls send their requests. */
    public void attach(int sipPort, RequestSender sender) {
        this.sender = sender;
        this.contact = "<sip:" + role.name() + "@" + role.advertisedAddress() + ":" + sipPort + ">";
    }

    /** Who may send requests: signaling, through which every caller comes. Everyone else gets 403. */
    public void admitOnly(Predicate<InetAddress> admitted) {
        this.admitted = admitted;
    }

    /** Live calls (each holds an RTP port pair and a session). */
    public int size() {
        return calls.size();
    }

    public WorkerMeters meters() {
        return meters;
    }

    public WorkerRole role() {
        return role;
    }

    @Override
    public void onRequest(ServerTransaction tx) {
        Request request = tx.request();
        String method = request.getMethod();
        if (!admitted.test(tx.flow().remote().getAddress())) {
            meters.forbidden.increment();
            if (!Request.ACK.equals(method)) {
                tx.respond(sip.response(request, Response.FORBIDDEN,
                        "Forbidden - calls reach the " + role.label() + " through signaling"));
            }
            return;
        }
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        LiveCall call = toTag == null ? null : calls.get(key(callId, toTag));
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
                    tx.respond(responses.plain(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
                }
            }
            case Request.OPTIONS -> tx.respond(responses.allowing(request, Response.OK));
            default -> tx.respond(responses.plain(request, toTag == null && !Request.BYE.equals(method)
                    ? Response.METHOD_NOT_ALLOWED : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
        }
    }

    private void onInvite(ServerTransaction tx) {
        Request invite = tx.request();
        Admission decision = admission.admit(invite, calls.size());
        if (decision instanceof Admission.Refused refused) {
            if (refused.retryLater()) {
                meters.refused.increment();
            }
            tx.respond(responses.refusal(invite, refused));
            return;
        }
        Admission.Accepted accepted = (Admission.Accepted) decision;
        AnsweredCall call = null;
        try {
            Response ok = responses.answer(invite, contact, accepted.answerSdp());
            Dialog dialog = Dialog.asUas(sip, invite, ((ToHeader) ok.getHeader(ToHeader.NAME)).getTag(), tx.flow());
            call = AnsweredCall.open(this, dialog, accepted, invite);
            add(call);
            meters.answered.increment();
            AnsweredCall answered = call;
            tx.onCancel(() -> answered.abandon(CallEnd.CANCELLED));
            tx.onAckTimeout(() -> answered.abandon(CallEnd.NO_ACK));
            tx.respond(ok);
            LOG.debug("{} call {} answered for application {}", role.label(), call.callId(), accepted.application().name());
        } catch (RuntimeException e) {
            // Whatever went wrong, the port pair goes back (the transport answers 500 for the exception).
            accepted.media().close();
            if (call != null) {
                calls.remove(call.key(), call);
            }
            throw e;
        }
    }

    /**
     * Node shutting down with another node of its role online: answered calls are released without a
     * BYE, since signaling offers each to the other node once this one is offline (a queue's callers
     * keep their place); calls this node placed end with CANCEL or BYE.
     */
    public void leaveAll() {
        for (LiveCall call : List.copyOf(calls.values())) {
            call.leave();
        }
    }

    /** Ends every call with BYE (node shutting down). */
    public void closeAll() {
        for (LiveCall call : List.copyOf(calls.values())) {
            call.shutDown();
        }
    }

    static String key(String callId, String localTag) {
        return callId + '\n' + localTag;
    }

    void remove(LiveCall call) {
        calls.remove(call.key(), call);
    }

    void add(LiveCall call) {
        calls.put(call.key(), call);
    }

    /**
     * Places a call through signaling (a queue ringing an agent, a callback): INVITE from our SIP
     * socket with an SDP offer of a new RTP stream. Empty when no RTP port is free. Blocks only to bind
     * the port, so it runs off the media event loops.
     */
    public java.util.Optional<DialedCall> dial(Dial dial, DialListener listener) {
        CallMedia stream = media.open();
        if (stream == null) {
            return java.util.Optional.empty();
        }
        try {
            meters.dialed.increment();
            return java.util.Optional.of(OutboundCall.place(this, dial, stream, negotiation, listener));
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /**
     * A REFER in {@code dialog} (RFC 3515) to {@code target}, a number signaling resolves (its number
     * plan: the Refer-To names its host, the dialog's peer), with Replaces (RFC 3891) when given.
     */
    Request refer(Dialog dialog, String target, String replaces) {
        String uri = "sip:" + target + "@" + dialog.flow().remote().getAddress().getHostAddress()
                + (replaces == null ? "" : "?Replaces=" + UriEscape.headerValue(replaces));
        try {
            List<javax.sip.header.Header> headers = List.of(
                    sip.headers().createHeader("Refer-To", "<" + uri + ">"),
                    sip.headers().createHeader("Referred-By", "<sip:" + role.name() + "@" + role.advertisedAddress() + ">"));
            return dialog.next(sip, Request.REFER, contactAddress(), null, null, headers);
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build a REFER to " + uri, e);
        }
    }

    MediaNegotiation negotiation() {
        return negotiation;
    }

    ScheduledExecutorService events() {
        return events;
    }

    SipMessages sip() {
        return sip;
    }

    WorkerResponses responses() {
        return responses;
    }

    RequestSender sender() {
        return sender;
    }

    PromptLibrary prompts() {
        return prompts;
    }

    String contact() {
        return contact;
    }

    /** Our Contact as a new address per request, for requests built from the dialog model. */
    Address contactAddress() {
        try {
            return sip.addresses().createAddress(contact);
        } catch (ParseException e) {
            throw new IllegalStateException("own contact is not a SIP address: " + contact, e);
        }
    }
}
