package io.switchboard.signaling.call;

import java.time.Duration;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attended transfer (RFC 5589 §7, Replaces of RFC 3891 in the Refer-To) seen from the call that
 * keeps the transferee: the transferor talks to the transferee here and to the target in another call
 * of ours (the giver), whose dialog the Replaces names. The B2BUA joins the two far ends itself: the
 * giver surrenders its target leg, the target is re-INVITEd to the relay port that faced the transferor
 * here, the relay hands that port to it (ng replace-tag, as for a blind transfer), a held transferee
 * is resumed, and the transferor hears the outcome in NOTIFY sipfrag. Both of the transferor's dialogs
 * are then released. Runs under this call's monitor; the giver is only ever reached on its own loop.
 */
final class AttendedTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(AttendedTransfer.class);

    private final B2buaCall call;
    final CallLeg transferor;
    final CallLeg transferee;
    final B2buaCall giver;
    private CallLeg target;
    private String targetExt;
    private String offer;

    AttendedTransfer(B2buaCall call, CallLeg transferor, CallLeg transferee, B2buaCall giver) {
        this.call = call;
        this.transferor = transferor;
        this.transferee = transferee;
        this.giver = giver;
    }

    /** Asks the giver for the leg at the far end of {@code replaced}; it answers on this call's loop. */
    void start(CallLeg replaced) {
        giver.shard.execute(() -> giver.surrenderFarLeg(replaced, call, transferor));
    }

    /** The giver would not give its leg (ended, busy with another transfer): 481 to the transferor. */
    void onRefused() {
        if (call.attended != this) {
            return;
        }
        call.attended = null;
        if (!call.ended) {
            call.notifier.send(transferor, "SIP/2.0 481 Call/Transaction Does Not Exist", true);
        }
    }

    /** The giver gave up {@code far} (the target): it is re-INVITEd to the port that faced the transferor. */
    void onSurrendered(CallLeg far, String farExt, String lastToFar) {
        if (call.attended != this || call.ended || (transferor != call.a && transferor != call.b)) {
            giver.shard.execute(() -> giver.reclaim(far));
            if (call.attended == this) {
                call.attended = null;
            }
            return;
        }
        target = far;
        targetExt = farExt;
        // The relay port that faced the transferor is the target's from now on.
        offer = ReOffer.of(transferor == call.a ? call.sdpToA : call.sdpToB, lastToFar);
        call.reInvites.own(target, offer, this::onTargetAnswered, this::failed);
    }

    private void onTargetAnswered(String answer) {
        if (call.attended != this) {
            return;
        }
        if (call.ended) {
            call.attended = null;
            call.byeQuietly(target);
            return;
        }
        if (answer == null) {
            failed(Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here - no SDP in the answer");
            return;
        }
        call.afterMedia(call.media.handOver(transferee.remoteTag(), target.remoteTag(), transferor.remoteTag(), answer),
                this::onJoined);
    }

    /** The relay now carries transferee <-> target: the target becomes this call's leg. */
    private void onJoined(String forTarget) {
        call.attended = null;
        if (call.ended) {
            call.byeQuietly(target);
            return;
        }
        if (forTarget == null) {
            // Its media now points at a port that does not forward: end it rather than leave it silent.
            call.byeQuietly(target);
            call.notifier.send(transferor, "SIP/2.0 500 Server Internal Error", true);
            return;
        }
        if (transferor == call.a) {
            call.a = target;
            call.caller = targetExt;
            call.sdpToA = offer;
        } else {
            call.b = target;
            call.callee = targetExt;
            call.sdpToB = offer;
        }
        call.control.dialogs().register(call, target);
        call.control.store().put(call.record());
        call.control.answered(call);
        call.notifier.send(transferor, "SIP/2.0 200 OK", true);
        LOG.info("call {} joined by attended transfer: {} now talks to {}", call.id, transferee.remoteUri(), targetExt);
        call.resumeIfHeld(transferee);
        call.schedule(() -> call.releaseDetached(transferor), Duration.ofSeconds(5));
        giver.shard.execute(giver::releaseAfterTransfer);
        if (target.hungUp()) {
            // Its BYE reached the giver while the join was under way (the dialog was still the giver's):
            // the transferee would be left talking to nobody, so the call ends now.
            call.hangUp("callee", "the transfer target hung up during the join");
        }
    }

    private void failed(int status, String reason) {
        if (call.attended != this) {
            return;
        }
        call.attended = null;
        CallLeg given = target;
        giver.shard.execute(() -> giver.reclaim(given));
        if (!call.ended) {
            call.notifier.sendFinal(transferor, status, reason);
        }
    }
}
