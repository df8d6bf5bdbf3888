package io.switchboard.common.worker;

import io.switchboard.common.dtmf.DtmfRelayInfo;
import io.switchboard.common.prompt.PromptPlayer;
import io.switchboard.common.rtp.NegotiatedMedia;
import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.dialog.Dialog;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answered caller: its dialog (we are the UAS, RFC 3261 §12.1.1), its media and its
 * {@link WorkerSession}. Every event (ACK, digits from RTP or SIP INFO, prompt ends, timers,
 * in-dialog requests, the REFER's outcome) runs under this object's lock, so the session sees them
 * one at a time; media and timer threads only hand events over to {@link WorkerCalls#events()}.
 * Every way out goes through {@link #close}, which frees the media's ports and removes the call.
 */
final class AnsweredCall implements WorkerCall, LiveCall {
    private static final Logger LOG = LoggerFactory.getLogger(AnsweredCall.class);

    private final WorkerCalls owner;
    private final Dialog dialog;
    private final CallMedia media;
    private final NegotiatedMedia negotiated;
    private final String answerSdp;
    private WorkerSession session;
    private boolean started;
    private boolean closed;
    private boolean referPending;

    /** The INVITE's {@code Switchboard-*} headers (signaling's word to its workers), by lower-case name. */
    private final java.util.Map<String, String> clusterHeaders;

    private AnsweredCall(WorkerCalls owner, Dialog dialog, Admission.Accepted accepted, java.util.Map<String, String> clusterHeaders) {
        this.owner = owner;
        this.clusterHeaders = clusterHeaders;
        this.dialog = dialog;
        this.media = accepted.media();
        this.negotiated = accepted.negotiated();
        this.answerSdp = accepted.answerSdp();
    }

    /** The call for an admitted INVITE, with its application's session; our 200 is not sent yet. */
    static AnsweredCall open(WorkerCalls owner, Dialog dialog, Admission.Accepted accepted, Request invite) {
        java.util.Map<String, String> headers = new java.util.HashMap<>(2);
        for (java.util.Iterator<?> names = invite.getHeaderNames(); names.hasNext(); ) {
            String name = String.valueOf(names.next());
            if (name.regionMatches(true, 0, CLUSTER_HEADER_PREFIX, 0, CLUSTER_HEADER_PREFIX.length())) {
                javax.sip.header.Header h = invite.getHeader(name);
                String text = h.toString();
                headers.put(name.toLowerCase(java.util.Locale.ROOT), text.substring(text.indexOf(':') + 1).trim());
            }
        }
        AnsweredCall call = new AnsweredCall(owner, dialog, accepted, headers);
        synchronized (call) {
            call.session = accepted.application().open(call);
        }
        return call;
    }

    @Override
    public String key() {
        return WorkerCalls.key(dialog.callId(), dialog.localTag());
    }

    /** The ACK for our 2xx: media starts and the session begins (RFC 3261 §13.3.1.4). */
    @Override
    public synchronized void onAck() {
        if (started || closed) {
            return;
        }
        started = true;
        // Digits arrive on a media event loop, which must not wait for this call's lock.
        media.start(negotiated, (digit, source) -> owner.events().execute(() -> onDigit(digit)));
        session.onStarted();
    }

    synchronized void onDigit(char digit) {
        if (!closed && started) {
            session.onDigit(digit);
        }
    }

    private synchronized void onPromptFinished(int playId) {
        if (!closed) {
            session.onPromptFinished(playId);
        }
    }

    private synchronized void onTimer() {
        if (!closed) {
            session.onTimer();
        }
    }

    /** A request within our dialog (matched by Call-ID and our tag). */
    @Override
    public synchronized void onRequest(ServerTransaction tx) {
        Request request = tx.request();
        WorkerResponses responses = owner.responses();
        // RFC 3261 §12.2.2: a CSeq lower than one seen gets 500; a re-INVITE's Contact moves our target.
        if (!dialog.acceptRemote(request)) {
            tx.respond(responses.plain(request, Response.SERVER_INTERNAL_ERROR));
            return;
        }
        switch (request.getMethod()) {
            case Request.BYE -> {
                tx.respond(responses.plain(request, Response.OK));
                close(CallEnd.CALLER_HUNG_UP);
            }
            case Request.INFO -> {
                tx.respond(responses.plain(request, Response.OK));
                ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
                byte[] raw = request.getRawContent();
                if (type != null && raw != null) {
                    DtmfRelayInfo.parse(type.getContentType() + "/" + type.getContentSubType(),
                            new String(raw, StandardCharsets.UTF_8)).ifPresent(info -> onDigit(info.digit()));
                }
            }
            case Request.NOTIFY -> {
                tx.respond(responses.plain(request, Response.OK));
                byte[] raw = request.getRawContent();
                onReferProgress(raw == null ? "" : new String(raw, StandardCharsets.UTF_8));
            }
            // A re-INVITE (hold, re-pointed media): we keep our stream and answer with the same SDP (RFC 3264 §8).
            case Request.INVITE -> tx.respond(responses.answer(request, owner.contact(), answerSdp));
            case Request.OPTIONS -> tx.respond(responses.allowing(request, Response.OK));
            default -> tx.respond(responses.allowing(request, Response.METHOD_NOT_ALLOWED));
        }
    }

    /** The INVITE ended before the call began: CANCEL before our 2xx (no BYE), or no ACK (BYE). */
    synchronized void abandon(CallEnd end) {
        if (end == CallEnd.NO_ACK && !closed) {
            sendBye();
        }
        close(end);
    }

    /** The node is shutting down: BYE and close. */
    @Override
    public synchronized void leave() {
        close(CallEnd.HANDED_OVER);
    }

    @Override
    public synchronized void shutDown() {
        if (!closed) {
            sendBye();
            close(CallEnd.SHUTDOWN);
        }
    }

    // ---- WorkerCall: what the session asks for ----

    @Override
    public CallMedia media() {
        return media;
    }

    @Override
    public String callId() {
        return dialog.callId();
    }

    @Override
    public synchronized void play(int playId, String prompt) {
        if (closed) {
            return;
        }
        media.play(new PromptPlayer(List.of(owner.prompts().get(prompt)),
                () -> owner.events().execute(() -> onPromptFinished(playId))));
    }

    @Override
    public synchronized void stopPlayback() {
        if (!closed) {
            media.stopPlayback();
        }
    }

    @Override
    public void armTimer(Duration after) {
        owner.events().schedule(this::onTimer, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void hangUp() {
        if (!closed) {
            sendBye();
            close(CallEnd.HUNG_UP);
        }
    }

    @Override
    public void transfer(String target) {
        refer(target, null);
    }

    @Override
    public void transfer(String target, DialedCall replacing) {
        String replaces = replacing.replaces();
        if (replaces == null) {
            throw new IllegalStateException("call " + replacing.callId() + " is not answered: nothing to replace");
        }
        refer(target, replaces);
    }

    static final String CLUSTER_HEADER_PREFIX = "Switchboard-";

    @Override
    public java.util.Optional<String> clusterHeader(String name) {
        return java.util.Optional.ofNullable(clusterHeaders.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public String callerNumber() {
        return caller().getURI() instanceof javax.sip.address.SipURI uri && uri.getUser() != null ? uri.getUser() : "";
    }

    @Override
    public String callerDisplayName() {
        String name = caller().getDisplayName();
        return name == null ? "" : name;
    }

    private javax.sip.address.Address caller() {
        try {
            return owner.sip().addresses().createAddress(dialog.remoteAddress());
        } catch (ParseException e) {
            throw new IllegalStateException("the caller's From is no address: " + dialog.remoteAddress(), e);
        }
    }

    @Override
    public java.net.InetSocketAddress signaling() {
        return dialog.flow().remote();
    }

    private synchronized void refer(String target, String replaces) {
        if (closed) {
            return;
        }
        media.stopPlayback();
        referPending = true;
        Request refer = owner.refer(dialog, target, replaces);
        LOG.debug("{} call {} REFERs to {}", owner.role().label(), dialog.callId(), target);
        owner.sender().send(refer, dialog.flow(), new ReferOutcome(this::transferFailed));
    }

    /** RFC 3515 §2.4.5: the sipfrag's status line tells how the transfer went. */
    private void onReferProgress(String sipfrag) {
        if (!referPending || closed) {
            return;
        }
        int status = Sipfrag.status(sipfrag);
        if (status < 200) {
            return;
        }
        if (status < 300) {
            referPending = false;
            sendBye();
            close(CallEnd.TRANSFERRED);
        } else {
            transferFailed("sipfrag " + status);
        }
    }

    private synchronized void transferFailed(String why) {
        if (!referPending || closed) {
            return;
        }
        referPending = false;
        LOG.info("{} call {}: transfer failed ({})", owner.role().label(), dialog.callId(), why);
        session.onTransferFailed(why);
    }

    private void sendBye() {
        Request bye = dialog.next(owner.sip(), Request.BYE, owner.contactAddress(), null, null, List.of());
        owner.sender().send(bye, dialog.flow(), ClientTransactionUser.IGNORE);
    }

    private void close(CallEnd end) {
        if (closed) {
            return;
        }
        closed = true;
        media.close();
        owner.remove(this);
        LOG.debug("{} call {} ended: {}", owner.role().label(), dialog.callId(), end.why());
        session.onEnded(end);
    }
}
