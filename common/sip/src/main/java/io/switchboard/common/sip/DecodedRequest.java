package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * What {@link SipCodec} made of a message: a valid request; a well-formed one the transport
 * refuses ({@code unsupported}: 505, 416 or 420); a broken request that still carries enough (a top
 * Via) to be answered 400; or nothing worth answering.
 */
record DecodedRequest(SIPRequest request, MalformedSip problem, UnsupportedRequest unsupported) {

    static DecodedRequest valid(SIPRequest request) {
        return new DecodedRequest(request, null, null);
    }

    static DecodedRequest unsupported(SIPRequest request, UnsupportedRequest reason) {
        return new DecodedRequest(request, null, reason);
    }

    static DecodedRequest answerable(SIPRequest partial, MalformedSip problem) {
        return new DecodedRequest(partial, problem, null);
    }

    static DecodedRequest dropped(MalformedSip problem) {
        return new DecodedRequest(null, problem, null);
    }

    /** Well-formed: {@link #request} is complete, though it may still be {@link #unsupported}. */
    boolean wellFormed() {
        return problem == null;
    }

    /** A 400 can be routed back: we have a top Via and the message is not an ACK (never answered). */
    boolean answerable() {
        return problem != null && request != null;
    }
}
