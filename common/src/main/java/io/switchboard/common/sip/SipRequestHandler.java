package io.switchboard.common.sip;

/**
 * The transaction user (RFC 3261 §17): gets each new server transaction once, retransmissions
 * never reach it. Called on a worker thread of the transport's bounded pool, so it may block
 * (Hazelcast, JDBC); it must answer through {@link ServerTransaction#respond}.
 */
@FunctionalInterface
public interface SipRequestHandler {
    void onRequest(ServerTransaction transaction);
}
