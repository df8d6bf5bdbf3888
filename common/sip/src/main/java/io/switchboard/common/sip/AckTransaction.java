package io.switchboard.common.sip;

import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * An ACK for a 2xx (or an ACK matching nothing) as the handler sees it: a transaction of its own
 * that is never answered (RFC 3261 §17.1.1.3), so {@link #respond} does nothing.
 */
record AckTransaction(Request request, Flow flow) implements ServerTransaction {

    @Override
    public void respond(Response response) {
    }
}
