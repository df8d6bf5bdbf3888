package io.switchboard.signaling.call;

import io.switchboard.common.sip.ServerTransaction;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call park of one call (a blind transfer to {@code *7N}, RFC 5589 §6 in form): the transferor hears 200
 * in its NOTIFY and leaves; the transferee stays on the relay and waits on the slot ({@link ParkingLot})
 * until a phone dials it, or until {@code call.park-timeout} rings the parker back. A taken slot gets
 * NOTIFY 486. While parked, the transferee's requests are answered here: nobody is on the other side.
 * Runs under the call's monitor, like {@link ReInvites}.
 */
final class CallPark {
    private static final Logger LOG = LoggerFactory.getLogger(B2buaCall.class);

    private final B2buaCall call;
    /** The leg that parked the call: released, its BYE answered. Null unless parked. */
    private CallLeg parker;
    private String slot;
    private ScheduledFuture<?> timeout;

    CallPark(B2buaCall call) {
        this.call = call;
    }

    CallLeg parker() {
        return parker;
    }

    void park(ServerTransaction tx, CallLeg transferor, String slot) {
        CallControl control = call.control;
        Response accepted = control.sip().response(tx.request(), Response.ACCEPTED);
        control.withContact(accepted, transferor);
        tx.respond(accepted);
        call.notifier.send(transferor, "SIP/2.0 100 Trying", false);
        if (!control.parking().park(slot, call)) {
            call.notifier.send(transferor, "SIP/2.0 486 Busy Here", true);
            return;
        }
        parker = transferor;
        this.slot = slot;
        call.sessions.stop(transferor);
        call.notifier.send(transferor, "SIP/2.0 200 OK", true);
        LOG.info("call {}: {} parked on {} by {}", call.id, transferor == call.a ? call.callee : call.caller, slot,
                transferor.remoteUri());
        call.schedule(() -> call.event(() -> releaseParker(transferor)), Duration.ofSeconds(5));
        timeout = call.schedule(() -> call.event(this::ringBack), control.settings().parkTimeout());
    }

    /** A phone retrieves the call: the parker's leg, for it to replace, or null when nothing is parked. */
    CallLeg take(String party) {
        CallLeg p = parker;
        if (p == null) {
            return null;
        }
        LOG.info("call {}: retrieved from {} by {}", call.id, slot, party);
        release();
        return p;
    }

    /** The call ended or left its slot: the slot is free and the timeout off. Idempotent. */
    void release() {
        if (slot != null) {
            call.control.parking().release(slot, call);
            slot = null;
        }
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        parker = null;
    }

    /**
     * Nobody retrieved the call in {@code call.park-timeout}: it rings the parker's phones again (a blind
     * transfer signaling makes itself, onto the relay port the parker had) for the no-answer time; if the
     * parker does not answer either, the call ends (CDR ended by {@code park-timeout}).
     */
    private void ringBack() {
        if (parker == null || call.ended) {
            return;
        }
        CallLeg gone = parker;
        CallLeg parked = gone == call.a ? call.b : call.a;
        String parkerExt = gone == call.a ? call.caller : call.callee;
        LOG.info("call {}: nobody retrieved it from {}; ringing {} back", call.id, slot, parkerExt);
        release();
        BlindTransfer back = BlindTransfer.ringBack(call, gone, parked, parkerExt, call.control.settings().noAnswerTimeout());
        call.transfer = back;
        call.control.transferTarget(parkerExt).whenCompleteAsync((found, failure) -> call.event(() ->
                back.toTarget(failure == null ? found : Optional.empty())), call.shard);
    }

    /** The parker's phone did not hang up after its NOTIFY 200: its dialog is ended from here. */
    private void releaseParker(CallLeg leg) {
        if (leg.hungUp() || call.control.dialogs().find(leg.callId(), leg.localTag()) == null) {
            return;
        }
        call.control.dialogs().unregister(leg);
        call.sendBye(leg, "");
        leg.hangUpSeen();
    }

    /** A request from the parked party while nobody is on the other side: answered here. */
    void onRequest(ServerTransaction tx, CallLeg from) {
        CallControl control = call.control;
        Request request = tx.request();
        switch (request.getMethod()) {
            case Request.BYE -> {
                tx.respond(control.sip().response(request, Response.OK));
                call.finish(Response.OK, from == call.a ? "caller" : "callee");
            }
            case Request.ACK -> { }
            case Request.INVITE, Request.UPDATE -> {
                // A refresh or a hold: the relay port stays, so our last SDP answers it.
                Response ok = control.sip().response(request, Response.OK);
                control.withContact(ok, from);
                if (Request.INVITE.equals(request.getMethod()) || B2buaCall.body(request) != null) {
                    control.withBody(ok, from == call.a ? call.sdpToA : call.sdpToB);
                }
                call.stampSessionTimer(ok, from);
                tx.respond(ok);
            }
            case Request.REFER -> tx.respond(control.sip().response(request, Response.REQUEST_PENDING));
            default -> tx.respond(control.sip().response(request, Response.OK));
        }
    }
}
