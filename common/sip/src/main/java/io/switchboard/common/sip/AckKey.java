package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * Finds the INVITE a 2xx ACK belongs to: the ACK has a new branch (RFC 3261 §13.2.2.4, §17) so it
 * matches no transaction key, but carries the INVITE's Call-ID, CSeq number and From tag (notes §2).
 */
record AckKey(String callId, long cseq, String fromTag) {

    static AckKey of(SIPRequest request) {
        return new AckKey(request.getCallId().getCallId(), request.getCSeq().getSeqNumber(), request.getFrom().getTag());
    }
}
