package io.switchboard.signaling.call;

import io.switchboard.common.sip.ClientTransaction;
import javax.sip.message.Request;

/** One INVITE of leg B, sent to one registered contact of the callee (parallel forking, RFC 3261 §16.6-16.7 in B2BUA form). */
final class Fork {
    final CallLeg leg;
    /** Until it is sent: the client transaction keeps its own copy, so the call need not hold this one. */
    Request invite;
    ClientTransaction tx;
    /** Final status once answered, 0 while pending. */
    int status;
    /** The ACK sent for its 2xx, resent for every retransmitted 2xx (RFC 3261 §13.2.2.4). */
    Request ack;

    /** Where it went: a binding, or a trunk of an outbound route. */
    final CallTarget target;
    /** The provider's challenge was answered once (RFC 3261 §22.2): a second one is a failure. */
    boolean authenticated;
    /** The CSeq of the INVITE in flight: 1, or 2 once re-sent with credentials (its ACK must match). */
    long cseq = 1;
    /** The transport could not reach it (a trunk that is down). */
    boolean unreachable;
    /** The RSeq of the last reliable provisional response acknowledged by PRACK (RFC 3262 §4); 0 before any. */
    long lastRSeq;

    /** The SDP offer it carries (narrowed to a trunk's codecs); null when the trunk takes none of the caller's. */
    final String offer;

    Fork(CallLeg leg, Request invite, CallTarget target, String offer) {
        this.leg = leg;
        this.invite = invite;
        this.target = target;
        this.offer = offer;
    }

    boolean pending() {
        return status == 0;
    }
}
