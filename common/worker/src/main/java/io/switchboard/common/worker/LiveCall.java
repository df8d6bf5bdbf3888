package io.switchboard.common.worker;

import io.switchboard.common.sip.ServerTransaction;

/** A dialog of ours that {@link WorkerCalls} delivers requests to: an answered caller or a call we placed. */
interface LiveCall {

    /** Call-ID and our tag: the To tag of every request the peer sends in this dialog. */
    String key();

    /** An ACK in this dialog. */
    void onAck();

    /** Any other request in this dialog. */
    void onRequest(ServerTransaction tx);

    /** The node is shutting down: end the call with BYE (or CANCEL). */
    void shutDown();

    /**
     * The node is shutting down and signaling will offer this call to another node: release it
     * without a BYE. Calls the node placed itself have nobody to take them over and end as in
     * {@link #shutDown()}.
     */
    default void leave() {
        shutDown();
    }
}
