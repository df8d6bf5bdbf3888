package io.switchboard.signaling.call;

import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One blind transfer (RFC 3515, RFC 5589 §6) of a call: the transferee stays where it is; the target
 * is INVITEd with the SDP the transferor last had, and once it answers, the relay leg that faced the
 * transferor is handed to it (ng answer with replace-tag), so the transferee needs no re-INVITE. The
 * transferor hears the progress in NOTIFY sipfrag; if the target fails, the call goes on as before.
 * Runs under the call's monitor; its client-transaction events enter through {@link B2buaCall#event}.
 */
final class BlindTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(BlindTransfer.class);

    private final B2buaCall call;
    final CallLeg transferor;
    final CallLeg transferee;
    final String target;
    private CallLeg leg;
    /**
     * Signaling's own transfer: the re-offer of a queue caller whose queue node was lost (the "transferor"
     * is that node's dead leg, the INVITE carries the caller's original join time), or a parked call rung
     * back to its parker. Nothing is NOTIFYed, and a failure ends the call (there is nothing to go back to).
     */
    private final boolean reoffer;
    private long queueJoinedAt;
    /** The target's INVITE, cancelled when {@link #ringBack} rang it too long. */
    private ClientTransaction ringing;
    /** What the CDR says ended the call, and why, when signaling's own transfer fails. */
    private String failedBy = "system";
    private String failedWhy = "queue node lost and the caller could not be re-offered";

    BlindTransfer(B2buaCall call, CallLeg transferor, CallLeg transferee, String target) {
        this(call, transferor, transferee, target, false, 0);
    }

    private BlindTransfer(B2buaCall call, CallLeg transferor, CallLeg transferee, String target, boolean reoffer,
                          long queueJoinedAt) {
        this.call = call;
        this.transferor = transferor;
        this.transferee = transferee;
        this.target = target;
        this.reoffer = reoffer;
        this.queueJoinedAt = queueJoinedAt;
    }

    /** The re-offer of a queue caller ({@code lost}: the leg to the dead queue node) to the queue's number. */
    static BlindTransfer reoffer(B2buaCall call, CallLeg lost, CallLeg caller, String queueNumber, long joinedAt) {
        return new BlindTransfer(call, lost, caller, queueNumber, true, joinedAt);
    }

    /**
     * A parked call nobody retrieved, rung back to {@code parkerExt} for at most {@code ringFor}
     * ({@code parkerLeg}: the parker's released leg, whose relay port the parker's phone gets).
     */
    static BlindTransfer ringBack(B2buaCall call, CallLeg parkerLeg, CallLeg parked, String parkerExt, Duration ringFor) {
        BlindTransfer t = new BlindTransfer(call, parkerLeg, parked, parkerExt, true, 0);
        t.failedBy = "park-timeout";
        t.failedWhy = "parked call not retrieved, and " + parkerExt + " did not take it back";
        call.schedule(() -> call.event(() -> {
            if (call.transfer == t && t.ringing != null) {
                t.ringing.cancel();
            }
        }), ringFor);
        return t;
    }

    private void notify(String sipfrag, boolean last) {
        if (!reoffer) {
            call.notifier.send(transferor, sipfrag, last);
        } else if (last && !sipfrag.startsWith("SIP/2.0 2")) {
            call.hangUp(failedBy, failedWhy + ": " + sipfrag);
        }
    }

    /** The target was resolved by the router (empty: nowhere to send it, 480 in the final NOTIFY). */
    void toTarget(Optional<CallTarget> where) {
        if (call.ended || call.transfer != this) {
            return;
        }
        if (where.isEmpty()) {
            call.transfer = null;
            notify("SIP/2.0 480 Temporarily Unavailable", true);
            return;
        }
        CallControl control = call.control;
        String transfereeExt = transferee == call.a ? call.caller : call.callee;
        CallTarget t = where.get();
        String host = control.transport().viaHost(t.address());
        leg = CallLeg.outgoing(control.newCallId(call.shard, host), control.newTag(),
                "<sip:" + transfereeExt + "@" + host + ">", "<sip:" + target + "@" + host + ">", t.contact(), 1,
                t.address(), t.transport());
        String sdp = transferor == call.a ? call.sdpToA : call.sdpToB;
        Request invite = leg.request(control.sip(), Request.INVITE, 1, control.contact(leg), "application/sdp",
                sdp.getBytes(StandardCharsets.UTF_8));
        if (queueJoinedAt == 0 && control.isQueueNumber(target)) {
            // Transferred into a queue (an IVR's "press 2 for support"): it reaches the queue now.
            queueJoinedAt = control.clusterTime();
        }
        if (queueJoinedAt > 0) {
            call.stampQueueCall(invite, queueJoinedAt);
        }
        ringing = control.transport().send(invite, leg.peer(), leg.transport(), new ClientTransactionUser() {
            @Override
            public void onProvisional(ClientTransaction tx, Response r) {
                if (r.getStatusCode() == Response.RINGING) {
                    call.event(() -> onProgress("SIP/2.0 180 Ringing"));
                }
            }

            @Override
            public void onFinal(ClientTransaction tx, Response r) {
                call.event(() -> onAnswered(r));
            }

            @Override
            public void onTimeout(ClientTransaction tx) {
                call.event(() -> onFailed(Response.REQUEST_TIMEOUT, "Request Timeout"));
            }

            @Override
            public void onTransportError(ClientTransaction tx, String reason) {
                call.event(() -> onFailed(Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable"));
            }
        });
    }

    private void onProgress(String sipfrag) {
        if (call.transfer == this && !call.ended) {
            notify(sipfrag, false);
        }
    }

    private void onAnswered(Response r) {
        if (call.transfer != this) {
            return;
        }
        if (r.getStatusCode() >= 300) {
            onFailed(r.getStatusCode(), r.getReasonPhrase());
            return;
        }
        call.transfer = null;
        CallControl control = call.control;
        leg.confirmAsUac(r);
        if (!call.ended) {
            // As for leg B: the target may hang up as soon as it has the ACK, before the hand-over is done.
            control.dialogs().register(call, leg);
        }
        control.transport().sendAck(leg.request(control.sip(), Request.ACK, 1, control.contact(leg), null, null),
                leg.peer(), leg.transport());
        if (call.ended) {
            call.byeQuietly(leg);
            return;
        }
        String answer = B2buaCall.body(r);
        if (answer == null) {
            notAnchored();
            return;
        }
        call.afterMedia(call.media.handOver(transferee.remoteTag(), leg.remoteTag(), transferor.remoteTag(), answer),
                this::onHandedOver);
    }

    /** The relay leg of the transferor now faces the target, or the node refused (then the call goes on as it was). */
    private void onHandedOver(String forTarget) {
        if (call.ended) {
            call.control.dialogs().unregister(leg);
            call.byeQuietly(leg);
            return;
        }
        if (forTarget == null) {
            notAnchored();
            return;
        }
        notify("SIP/2.0 200 OK", true);
        if (transferor == call.a) {
            call.a = leg;
            call.caller = target;
        } else {
            call.b = leg;
            call.callee = target;
        }
        if (queueJoinedAt > 0 && transferor == call.b) {
            call.queueCall(queueJoinedAt); // leg B is a caller's place in a queue now: re-offered if its node dies
        }
        call.control.store().put(call.record());
        call.control.answered(call);
        LOG.info("call {} transferred: {} now talks to {}", call.id, transferee.remoteUri(), target);
        // The transferor normally hangs up after the final NOTIFY (RFC 5589 §6); if it does not, we do.
        call.schedule(() -> call.releaseDetached(transferor), Duration.ofSeconds(5));
    }

    /** The target answered but its media could not be anchored: it is hung up, the transferor hears 500, the call goes on. */
    private void notAnchored() {
        call.control.dialogs().unregister(leg);
        call.byeQuietly(leg);
        notify("SIP/2.0 500 Server Internal Error", true);
    }

    private void onFailed(int status, String reason) {
        if (call.transfer != this) {
            return;
        }
        call.transfer = null;
        if (!call.ended && !reoffer) {
            call.notifier.sendFinal(transferor, status, reason);
        } else if (!call.ended) {
            notify("SIP/2.0 " + status + " " + reason, true);
        }
    }
}
