package io.switchboard.common.sip;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.Locale;
import javax.sip.message.Request;

/**
 * Server transaction key (RFC 3261 §17.2.3): lower-cased branch, sent-by host:port and method,
 * an ACK mapped to INVITE so the ACK for a non-2xx final finds its INVITE. A CANCEL keeps its own
 * method (its own transaction); {@link #withMethod} finds the INVITE it targets (§9.2).
 * A branch without the magic cookie comes from an RFC 2543 peer: the key is then built from the
 * Request-URI, From tag, Call-ID and CSeq number instead, with sent-by standing in for the top Via.
 * The To tag is left out so that the ACK (which carries our tag) still matches.
 */
record TransactionKey(String branch, String sentBy, String method) {
    static final String MAGIC_COOKIE = "z9hG4bK";

    static TransactionKey of(SIPRequest request) {
        Via via = request.getTopmostVia();
        String method = Request.ACK.equals(request.getMethod()) ? Request.INVITE : request.getMethod();
        String branch = via.getBranch();
        String sentBy = via.getHost().toLowerCase(Locale.ROOT) + ':'
                + (via.getPort() > 0 ? via.getPort() : SymmetricResponseRouting.DEFAULT_PORT);
        if (branch != null && branch.startsWith(MAGIC_COOKIE)) {
            return new TransactionKey(branch.toLowerCase(Locale.ROOT), sentBy, method);
        }
        String legacy = "rfc2543|" + request.getRequestURI() + '|' + request.getFrom().getTag() + '|'
                + request.getCallId().getCallId() + '|' + request.getCSeq().getSeqNumber();
        return new TransactionKey(legacy, sentBy, method);
    }

    TransactionKey withMethod(String otherMethod) {
        return new TransactionKey(branch, sentBy, otherMethod);
    }
}
