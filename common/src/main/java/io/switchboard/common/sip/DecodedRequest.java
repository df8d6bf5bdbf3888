package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * What {@link SipCodec} made of a message: a valid request, a broken request that still carries
 * enough (a top Via) to be answered 400, or nothing worth answering.
 */
record DecodedRequest(SIPRequest request, MalformedSip problem) {

    static DecodedRequest valid(SIPRequest request) {
        return new DecodedRequest(request, null);
    }

    static DecodedRequest answerable(SIPRequest partial, MalformedSip problem) {
        return new DecodedRequest(partial, problem);
    }

    static DecodedRequest dropped(MalformedSip problem) {
        return new DecodedRequest(null, problem);
    }

    boolean valid() {
        return problem == null;
    }

    /** A 400 can be routed back: we have a top Via and the message is not an ACK (never answered). */
    boolean answerable() {
        return problem != null && request != null;
    }
}
