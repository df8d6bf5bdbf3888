package io.switchboard.ivr.call;

import io.switchboard.common.dtmf.DtmfRelayInfo;
import io.switchboard.common.ivr.IvrApp;
import io.switchboard.common.ivr.TransferKind;
import io.switchboard.common.prompt.PromptPlayer;
import io.switchboard.common.rtp.NegotiatedMedia;
import io.switchboard.common.rtp.RtpEndpoint;
import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.dialog.Dialog;
import io.switchboard.ivr.session.IvrOutput;
import io.switchboard.ivr.session.IvrSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answered caller: its dialog, its RTP endpoint and its {@link IvrSession}. Every event (ACK,
 * digits from RTP or SIP INFO, prompt ends, timers, in-dialog requests, REFER outcome) runs under
 * this object's lock, so the session sees them one at a time; media and timer threads only hand
 * events over ({@link IvrCalls#events()}). Every way out goes through {@link #close()}, which frees
 * the endpoint's ports and removes the call.
 */
final class IvrCall implements IvrOutput {
    private static final Logger LOG = LoggerFactory.getLogger(IvrCall.class);

    private final IvrCalls owner;
    private final Dialog dialog;
    private final RtpEndpoint endpoint;
    private final NegotiatedMedia media;
    private final String answerSdp;
    private final IvrSession session;
    private boolean started;
    private boolean closed;
    private boolean referPending;

    IvrCall(IvrCalls owner, IvrApp app, Dialog dialog, RtpEndpoint endpoint, NegotiatedMedia media, String answerSdp) {
        this.owner = owner;
        this.dialog = dialog;
        this.endpoint = endpoint;
        this.media = media;
        this.answerSdp = answerSdp;
        this.session = new IvrSession(app, this, owner.clock());
    }

    String key() {
        return IvrCalls.key(dialog.callId(), dialog.localTag());
    }

    boolean usesEndpoint(RtpEndpoint e) {
        return endpoint == e;
    }

    /** The ACK for our 2xx: media starts and the menu begins (RFC 3261 §13.3.1.4). */
    synchronized void onAck() {
        if (started || closed) {
            return;
        }
        started = true;
        endpoint.start(media, (digit, source) -> owner.events().execute(() -> onDigit(digit)));
        session.start();
    }

    synchronized void onDigit(char digit) {
        if (!closed && started) {
            owner.meters().digits.increment();
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
    synchronized void onRequest(ServerTransaction tx) {
        Request request = tx.request();
        switch (request.getMethod()) {
            case Request.BYE -> {
                tx.respond(owner.sip().response(request, Response.OK));
                session.onCallerHangUp();
                close("caller hung up");
            }
            case Request.INFO -> {
                tx.respond(owner.sip().response(request, Response.OK));
                ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
                byte[] raw = request.getRawContent();
                if (type != null && raw != null) {
                    DtmfRelayInfo.parse(type.getContentType() + "/" + type.getContentSubType(),
                            new String(raw, StandardCharsets.UTF_8)).ifPresent(info -> onDigit(info.digit()));
                }
            }
            case Request.NOTIFY -> {
                tx.respond(owner.sip().response(request, Response.OK));
                byte[] raw = request.getRawContent();
                onReferProgress(raw == null ? "" : new String(raw, StandardCharsets.UTF_8));
            }
            case Request.INVITE -> {
                // A re-INVITE (hold, re-pointed media): we keep our stream and answer with the same SDP.
                tx.respond(owner.answer(request, answerSdp));
            }
            case Request.OPTIONS -> tx.respond(owner.withAllow(owner.sip().response(request, Response.OK)));
            default -> tx.respond(owner.withAllow(owner.sip().response(request, Response.METHOD_NOT_ALLOWED)));
        }
    }

    /** A CANCEL ended the INVITE before our 2xx went out, or the ACK never came. */
    synchronized void abandon(boolean sendBye) {
        if (sendBye && !closed) {
            sendBye();
        }
        close(sendBye ? "no ACK" : "cancelled");
    }

    /** The node is shutting down: BYE and close. */
    synchronized void hangUpNow() {
        if (!closed) {
            sendBye();
            close("node shutting down");
        }
    }

    // ---- IvrOutput ----

    @Override
    public void play(int playId, String prompt) {
        owner.meters().played(prompt);
        endpoint.play(new PromptPlayer(List.of(owner.prompts().get(prompt)),
                () -> owner.events().execute(() -> onPromptFinished(playId))));
    }

    @Override
    public void stopPlayback() {
        endpoint.stopPlayback();
    }

    @Override
    public void armTimer(Duration after) {
        owner.events().schedule(this::onTimer, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void hangUp() {
        sendBye();
        close("menu hung up");
    }

    private Header header(String name, String value) {
        try {
            return owner.sip().headers().createHeader(name, value);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("cannot build " + name + ": " + value, e);
        }
    }

    /** Blind transfer (RFC 3515, RFC 5589 §6): REFER to signaling, which reports by NOTIFY sipfrag. */
    @Override
    public void transfer(TransferKind kind, String target) {
        endpoint.stopPlayback();
        referPending = true;
        // Signaling resolves the target (its router): the Refer-To names its host, the one the INVITE came from.
        List<Header> referTo = List.of(
                header("Refer-To", "<sip:" + target + "@" + dialog.flow().remote().getAddress().getHostAddress() + ">"),
                header("Referred-By", "<sip:" + owner.contactUser() + "@" + owner.advertisedAddress() + ">"));
        Request refer = dialog.next(owner.sip(), Request.REFER, owner.contactAddress(), null, null, referTo);
        LOG.info("IVR call {} transfers to {} {}", dialog.callId(), kind, target);
        owner.transport().send(refer, dialog.flow().remote(), dialog.flow().transport(), new ClientTransactionUser() {
            @Override
            public void onProvisional(ClientTransaction tx, Response response) {
            }

            @Override
            public void onFinal(ClientTransaction tx, Response response) {
                if (response.getStatusCode() >= 300) {
                    transferFailed("REFER answered " + response.getStatusCode());
                }
            }

            @Override
            public void onTimeout(ClientTransaction tx) {
                transferFailed("REFER timed out");
            }

            @Override
            public void onTransportError(ClientTransaction tx, String reason) {
                transferFailed("REFER not sent: " + reason);
            }
        });
    }

    /** RFC 3515 §2.4.5: the sipfrag's status line tells how the transfer went. */
    private void onReferProgress(String sipfrag) {
        if (!referPending || closed) {
            return;
        }
        int status = sipfragStatus(sipfrag);
        if (status < 200) {
            return;
        }
        if (status < 300) {
            referPending = false;
            owner.meters().transfers.increment();
            sendBye();
            close("transferred");
        } else {
            transferFailed("sipfrag " + status);
        }
    }

    private synchronized void transferFailed(String why) {
        if (!referPending || closed) {
            return;
        }
        referPending = false;
        owner.meters().transferFailures.increment();
        LOG.info("IVR call {}: transfer failed ({}), back to the menu", dialog.callId(), why);
        session.onTransferFailed();
    }

    static int sipfragStatus(String sipfrag) {
        String s = sipfrag.strip();
        if (!s.startsWith("SIP/2.0 ") || s.length() < 11) {
            return 0;
        }
        try {
            return Integer.parseInt(s.substring(8, 11));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void sendBye() {
        Request bye = dialog.next(owner.sip(), Request.BYE, owner.contactAddress(), null, null, List.of());
        owner.transport().send(bye, dialog.flow().remote(), dialog.flow().transport(), owner.ignoreResponses());
    }

    private void close(String why) {
        if (closed) {
            return;
        }
        closed = true;
        session.onCallerHangUp();
        endpoint.close();
        owner.remove(this);
        LOG.debug("IVR call {} ended: {}", dialog.callId(), why);
    }
}
