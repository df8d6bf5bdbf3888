package io.switchboard.common.sip;

import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A server transaction as the transaction user sees it (RFC 3261 §17.2). The request's top Via
 * already carries {@code received} and a filled {@code rport} (RFC 3581 §4), so responses made from
 * it with {@link SipMessages#response} route back to the real source.
 */
public interface ServerTransaction {
    Request request();

    /** Where the request came from and on which socket. */
    Flow flow();

    /**
     * Sends a response; a final one (>= 200) is kept for retransmissions of the request
     * (Timer J / G on UDP) and ends the transaction for the TU. Thread-safe.
     */
    void respond(Response response);
}
