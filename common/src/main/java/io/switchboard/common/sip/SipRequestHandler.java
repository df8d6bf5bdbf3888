package io.switchboard.common.sip;

/**
 * The transaction user (RFC 3261 §17): gets each new server transaction once, retransmissions
 * never reach it. Called on a worker thread of the transport's bounded pool, so it may block
 * (Hazelcast, JDBC); it must answer through {@link ServerTransaction#respond}.
 */
public interface SipRequestHandler {
    void onRequest(ServerTransaction transaction);

    /**
     * Called first, on the event loop that read the request: a TU may answer here what needs no
     * blocking call and return true; false hands the request to {@link #onRequest} on a worker.
     * Must never block, and must answer finally when it returns true.
     */
    default boolean answerInline(ServerTransaction transaction) {
        return false;
    }
}
