package io.switchboard.signaling.call;

import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.ServerTransaction;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Offer/answer inside an established call (RFC 3264 §8, RFC 3261 §14): a re-INVITE from one leg
 * (hold, resume, codec change) whose offer and answer both pass through the relay to the other leg,
 * and re-INVITEs of our own (a transfer moving a leg to another relay port). One at a time: a second
 * offer while one is in progress gets 491. Runs under the call's monitor.
 */
final class ReInvites {
    private final B2buaCall call;
    private boolean inProgress;

    ReInvites(B2buaCall call) {
        this.call = call;
    }

    boolean inProgress() {
        return inProgress;
    }

    /** A re-INVITE from {@code from}: its offer goes through the relay, then on to {@code other}. */
    void relay(ServerTransaction tx, CallLeg from, CallLeg other) {
        Request request = tx.request();
        CallControl control = call.control;
        String offer = B2buaCall.body(request);
        if (offer == null) {
            // No offer (e.g. a session refresh): answer with the current session, an offer of our own (RFC 3261 §14.2).
            Response ok = control.sip().response(request, Response.OK);
            control.withContact(ok, from);
            control.withBody(ok, from == call.a ? call.sdpToA : call.sdpToB);
            call.stampSessionTimer(ok, from);
            tx.respond(ok);
            return;
        }
        if (inProgress) {
            tx.respond(control.sip().response(request, Response.REQUEST_PENDING));
            return;
        }
        call.afterMedia(call.media.offer(from.remoteTag(), other.remoteTag(), offer),
                forOther -> onReOfferAnchored(tx, from, other, forOther));
    }

    /** The re-offer went through the relay: it goes on to the other leg, or the offerer hears 500. */
    private void onReOfferAnchored(ServerTransaction tx, CallLeg from, CallLeg other, String forOther) {
        Request request = tx.request();
        CallControl control = call.control;
        if (call.ended) {
            // RFC 3261 §15.1.2: the dialog ended while the offer was anchored.
            tx.respond(control.sip().response(request, Response.REQUEST_TERMINATED));
            return;
        }
        if (forOther == null) {
            tx.respond(control.sip().response(request, Response.SERVER_INTERNAL_ERROR, "Server Internal Error - media node unavailable"));
            return;
        }
        inProgress = true;
        if (other == call.b) {
            call.sdpToB = forOther;
        } else {
            call.sdpToA = forOther;
        }
        own(other, forOther, answer -> onAnswered(tx, from, other, answer), (status, reason) -> {
            inProgress = false;
            tx.respond(control.sip().response(request, status, reason));
        });
    }

    /** The other leg took the re-offer (its 2xx is ACKed): its answer goes back through the relay to the offerer. */
    private void onAnswered(ServerTransaction tx, CallLeg from, CallLeg other, String answer) {
        inProgress = false;
        call.sessions.refreshed(other);
        if (answer == null) {
            answerOfferer(tx, from, null);
            return;
        }
        call.afterMedia(call.media.answer(from.remoteTag(), other.remoteTag(), answer), forFrom -> {
            if (call.ended) {
                tx.respond(call.control.sip().response(tx.request(), Response.REQUEST_TERMINATED));
                return;
            }
            answerOfferer(tx, from, forFrom);
        });
    }

    /** The 200 to the re-INVITE, with the answer through the relay when there is one. */
    private void answerOfferer(ServerTransaction tx, CallLeg from, String forFrom) {
        CallControl control = call.control;
        Response ok = control.sip().response(tx.request(), Response.OK);
        control.withContact(ok, from);
        if (forFrom != null) {
            control.withBody(ok, forFrom);
            if (from == call.a) {
                call.sdpToA = forFrom;
            } else {
                call.sdpToB = forFrom;
            }
        }
        call.stampSessionTimer(ok, from);
        tx.respond(ok);
        // The SDPs and CSeqs changed: a member that takes the call over starts from these.
        control.store().put(call.record());
    }

    /**
     * A re-INVITE of our own (not relayed) to {@code leg} with {@code offer}; the 2xx is ACKed and its SDP
     * (or null) handed to {@code onAnswer}, a failure to {@code onFailure}, both as events of the call.
     */
    void own(CallLeg leg, String offer, Consumer<String> onAnswer, BiConsumer<Integer, String> onFailure) {
        CallControl control = call.control;
        Request reInvite = leg.nextRequest(control.sip(), Request.INVITE, control.contact(leg), "application/sdp",
                offer.getBytes(StandardCharsets.UTF_8));
        long cseq = leg.localCseq();
        control.transport().send(reInvite, leg.peer(), leg.transport(), new ClientTransactionUser() {
            @Override
            public void onProvisional(ClientTransaction t, Response r) {
            }

            @Override
            public void onFinal(ClientTransaction t, Response r) {
                call.event(() -> {
                    if (r.getStatusCode() >= 300) {
                        onFailure.accept(r.getStatusCode(), r.getReasonPhrase());
                        return;
                    }
                    control.transport().sendAck(leg.request(control.sip(), Request.ACK, cseq, control.contact(leg), null, null),
                            leg.peer(), leg.transport());
                    onAnswer.accept(B2buaCall.body(r));
                });
            }

            @Override
            public void onTimeout(ClientTransaction t) {
                call.event(() -> onFailure.accept(Response.REQUEST_TIMEOUT, "Request Timeout"));
            }

            @Override
            public void onTransportError(ClientTransaction t, String reason) {
                call.event(() -> onFailure.accept(Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable"));
            }
        });
    }
}
