package io.switchboard.common.worker;

import io.switchboard.common.rtp.MediaNegotiation;
import io.switchboard.common.rtp.NegotiatedMedia;
import io.switchboard.common.sdp.SessionDescription;
import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipTransportKind;
import io.switchboard.common.sip.dialog.Dialog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call we place through signaling (we are the UAC, RFC 3261 §12.1.2): INVITE with our SDP offer,
 * ringing, the 2xx ACKed (again for each 2xx resent, §13.2.2.4) and our stream started, or a final
 * failure. CANCEL while ringing, BYE once answered, either way; in-dialog requests from signaling are
 * answered like an answered caller's. Every event runs under this object's lock.
 */
final class OutboundCall implements LiveCall, DialedCall, ClientTransactionUser {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundCall.class);

    private enum State { CALLING, RINGING, CANCELLING, ANSWERED, ENDED }

    private final WorkerCalls owner;
    private final Dialog dialog;
    private final CallMedia media;
    private final String offer;
    private final DialListener listener;
    private State state = State.CALLING;
    private boolean referPending;
    private ClientTransaction invite;
    private Request ack;

    private OutboundCall(WorkerCalls owner, Dialog dialog, CallMedia media, String offer, DialListener listener) {
        this.owner = owner;
        this.dialog = dialog;
        this.media = media;
        this.offer = offer;
        this.listener = listener;
    }

    /** Binds a stream, sends the INVITE; null when no RTP port is free. */
    static OutboundCall place(WorkerCalls owner, Dial dial, CallMedia media, MediaNegotiation negotiation,
                              DialListener listener) {
        String host = dial.signaling().getAddress().getHostAddress();
        String target = "sip:" + dial.number() + "@" + host + ":" + dial.signaling().getPort();
        String display = dial.fromDisplay() == null || dial.fromDisplay().isBlank() ? ""
                : "\"" + dial.fromDisplay().replace("\\", "\\\\").replace("\"", "\\\"") + "\" ";
        String from = display + "<sip:" + dial.fromUser() + "@" + owner.role().advertisedAddress() + ">";
        Dialog dialog = new Dialog(token() + "@" + owner.role().advertisedAddress(), token(), null, from,
                "<sip:" + dial.number() + "@" + host + ">", target, List.of(), 1, 0,
                new Flow(SipTransportKind.UDP, null, dial.signaling()));
        String offer = negotiation.offer(owner.role().advertisedAddress(), media.localPort()).write();
        OutboundCall call = new OutboundCall(owner, dialog, media, offer, listener);
        owner.add(call);
        synchronized (call) {
            Request request = dialog.request(owner.sip(), Request.INVITE, 1, owner.contactAddress(), "application/sdp",
                    offer.getBytes(StandardCharsets.UTF_8), List.of());
            call.invite = owner.sender().send(request, dialog.flow(), call);
        }
        return call;
    }

    private static String token() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    @Override
    public String key() {
        return WorkerCalls.key(dialog.callId(), dialog.localTag());
    }

    @Override
    public String callId() {
        return dialog.callId();
    }

    @Override
    public synchronized String replaces() {
        return state == State.ANSWERED ? dialog.callId() + ";to-tag=" + dialog.remoteTag() + ";from-tag=" + dialog.localTag()
                : null;
    }

    // ---- the INVITE's client transaction ----

    @Override
    public synchronized void onProvisional(ClientTransaction tx, Response response) {
        int status = response.getStatusCode();
        if (state == State.CALLING && (status == Response.RINGING || status == Response.SESSION_PROGRESS)) {
            state = State.RINGING;
            listener.onRinging(this);
        }
    }

    @Override
    public synchronized void onFinal(ClientTransaction tx, Response response) {
        int status = response.getStatusCode();
        if (status >= 300) {
            if (state != State.ANSWERED && state != State.ENDED) {
                end();
                listener.onFailed(this, status, response.getReasonPhrase());
            }
            return;
        }
        if (ack != null) {
            owner.sender().sendAck(ack, dialog.flow()); // the 2xx again: our ACK was lost
            return;
        }
        dialog.confirmAsUac(response);
        ack = dialog.request(owner.sip(), Request.ACK, 1, owner.contactAddress(), null, null, List.of());
        owner.sender().sendAck(ack, dialog.flow());
        if (state == State.CANCELLING || state == State.ENDED) {
            // The answer crossed our CANCEL (RFC 3261 §9.1): the call exists, so it is ended with BYE.
            sendBye();
            if (state != State.ENDED) {
                end();
                listener.onFailed(this, Response.REQUEST_TERMINATED, "Cancelled");
            }
            return;
        }
        Optional<NegotiatedMedia> negotiated = answerOf(response);
        if (negotiated.isEmpty()) {
            LOG.info("{} call {}: the answer has no usable SDP; hanging up", owner.role().label(), dialog.callId());
            sendBye();
            end();
            listener.onFailed(this, Response.NOT_ACCEPTABLE_HERE, "no usable SDP in the answer");
            return;
        }
        state = State.ANSWERED;
        media.start(negotiated.get(), (digit, source) -> { });
        listener.onAnswered(this);
    }

    private Optional<NegotiatedMedia> answerOf(Response response) {
        byte[] raw = response.getRawContent();
        if (raw == null || raw.length == 0) {
            return Optional.empty();
        }
        try {
            return owner.negotiation().answered(SessionDescription.parse(new String(raw, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void onTimeout(ClientTransaction tx) {
        if (state != State.ANSWERED && state != State.ENDED) {
            end();
            listener.onFailed(this, Response.REQUEST_TIMEOUT, "no final answer");
        }
    }

    @Override
    public synchronized void onTransportError(ClientTransaction tx, String reason) {
        if (state != State.ANSWERED && state != State.ENDED) {
            end();
            listener.onFailed(this, Response.SERVICE_UNAVAILABLE, "not sent: " + reason);
        }
    }

    // ---- requests from signaling in our dialog ----

    @Override
    public void onAck() {
        // We are the UAC: an ACK here is a stray.
    }

    @Override
    public synchronized void onRequest(ServerTransaction tx) {
        Request request = tx.request();
        WorkerResponses responses = owner.responses();
        if (!dialog.acceptRemote(request)) {
            tx.respond(responses.plain(request, Response.SERVER_INTERNAL_ERROR));
            return;
        }
        switch (request.getMethod()) {
            case Request.BYE -> {
                tx.respond(responses.plain(request, Response.OK));
                if (state == State.ANSWERED) {
                    end();
                    listener.onEnded(this, CallEnd.CALLER_HUNG_UP);
                }
            }
            // A re-INVITE (the far end moved or held): our stream stays as it is, so the same SDP answers (RFC 3264 §8).
            case Request.INVITE -> tx.respond(responses.answer(request, owner.contact(), offer));
            case Request.OPTIONS -> tx.respond(responses.allowing(request, Response.OK));
            case Request.NOTIFY -> {
                tx.respond(responses.plain(request, Response.OK));
                byte[] raw = request.getRawContent();
                onReferProgress(raw == null ? "" : new String(raw, StandardCharsets.UTF_8));
            }
            case Request.INFO, Request.UPDATE -> tx.respond(responses.plain(request, Response.OK));
            default -> tx.respond(responses.allowing(request, Response.METHOD_NOT_ALLOWED));
        }
    }

    @Override
    public synchronized void transfer(String target, DialedCall replacing) {
        String replaces = replacing.replaces();
        if (state != State.ANSWERED || replaces == null) {
            throw new IllegalStateException("transfer needs both calls answered");
        }
        referPending = true;
        owner.sender().send(owner.refer(dialog, target, replaces), dialog.flow(), new ReferOutcome(this::transferFailed));
    }

    /** RFC 3515 §2.4.5: the sipfrag's status line tells how the transfer went. */
    private void onReferProgress(String sipfrag) {
        if (!referPending || state != State.ANSWERED) {
            return;
        }
        int status = Sipfrag.status(sipfrag);
        if (status < 200) {
            return;
        }
        if (status >= 300) {
            transferFailed("sipfrag " + status);
            return;
        }
        referPending = false;
        listener.onTransferred(this);
        sendBye();
        end();
        listener.onEnded(this, CallEnd.TRANSFERRED);
    }

    private synchronized void transferFailed(String why) {
        if (referPending && state == State.ANSWERED) {
            referPending = false;
            listener.onTransferFailed(this, why);
        }
    }

    @Override
    public synchronized void hangUp() {
        switch (state) {
            case CALLING, RINGING -> {
                state = State.CANCELLING;
                invite.cancel();
            }
            case ANSWERED -> {
                sendBye();
                end();
                listener.onEnded(this, CallEnd.HUNG_UP);
            }
            default -> { }
        }
    }

    @Override
    public synchronized void shutDown() {
        if (state == State.ANSWERED) {
            sendBye();
            end();
            listener.onEnded(this, CallEnd.SHUTDOWN);
        } else if (state != State.ENDED && state != State.CANCELLING) {
            state = State.CANCELLING;
            invite.cancel();
        }
    }

    private void sendBye() {
        Request bye = dialog.next(owner.sip(), Request.BYE, owner.contactAddress(), null, null, List.of());
        owner.sender().send(bye, dialog.flow(), ClientTransactionUser.IGNORE);
    }

    private void end() {
        state = State.ENDED;
        media.close();
        owner.remove(this);
    }
}
