package io.switchboard.common.sip;

/**
 * The transaction user (RFC 3261 §17): gets each new server transaction once, retransmissions
 * never reach it. Called on a worker thread of the transport's bounded pool, so it may block
 * (Hazelcast, JDBC); it must answer through {@link ServerTransaction#respond}.
 */
public interface SipRequestHandler {
    void onRequest(ServerTransaction transaction);

    /**
     * Called first, on the event loop that read the request: a TU may take here what needs no
     * blocking call and return true; false hands the request to {@link #onRequest} on a worker.
     * Must never block. When it returns true it answers finally, now or from a non-blocking
     * continuation (on {@link ServerTransaction#loop()}).
     */
    default boolean answerInline(ServerTransaction transaction) {
        return false;
    }

    /**
     * True: {@link #onRequest} runs on the event loop that owns the request's Call-ID
     * ({@link SipTransport#shards()}) instead of a worker, and so do the callbacks of the client
     * transactions it starts (on their Call-ID's loop) and of its INVITE server transactions. Such a
     * TU must never block; in return a call's state is touched by one thread. Asked once, at start.
     */
    default boolean onShards() {
        return false;
    }

    /**
     * The methods this TU can answer from a {@link RawRequest} (the RI parser skipped); none by
     * default. Asked once, at start.
     */
    default java.util.List<String> rawMethods() {
        return java.util.List.of();
    }

    /**
     * Called on the event loop that read a request of one of {@link #rawMethods()} in the plain shape, before
     * any RI parsing; the same rules as {@link #answerInline}. False, with nothing sent: the request
     * goes the RI way as if this had not been called.
     */
    default boolean answerRaw(RawServerTransaction transaction) {
        return false;
    }
}
