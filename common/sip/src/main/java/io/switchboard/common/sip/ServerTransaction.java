package io.switchboard.common.sip;

import java.util.concurrent.Executor;
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
     * The event loop that read the request: a TU that took the request in
     * {@link SipRequestHandler#answerInline} continues non-blocking work here (a cache miss answered
     * by the cluster), so one request stays on one loop. Runs tasks inline where there is no loop.
     */
    default Executor loop() {
        return Runnable::run;
    }

    /**
     * Sends a response; a final one (>= 200) is kept for retransmissions of the request
     * (Timer J / G on UDP) and ends the transaction for the TU. Thread-safe.
     */
    void respond(Response response);

    /**
     * The final status sent, 0 while there is none: once the TU's final, a 487 to a CANCEL or a 500
     * at the deadline went out, work the TU started before (a media offer) must not go on to place a call.
     */
    default int finalStatus() {
        return 0;
    }

    /**
     * INVITE only: {@code callback} runs on a worker thread after a CANCEL ended this INVITE with 487
     * (RFC 3261 §9.2), e.g. to CANCEL the other leg. Registered after that, it runs at once (on a worker).
     */
    default void onCancel(Runnable callback) {
    }

    /**
     * INVITE only: {@code callback} runs on a worker thread when no ACK arrived for our 2xx within
     * 64·T1 (RFC 3261 §13.3.1.4); the TU then confirms and ends the dialog with BYE.
     */
    default void onAckTimeout(Runnable callback) {
    }
}
