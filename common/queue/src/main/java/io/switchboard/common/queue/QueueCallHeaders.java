package io.switchboard.common.queue;

/**
 * What signaling writes into the INVITE it sends a queue node for a caller. A queue's line is
 * ordered by the time each caller first reached the queue, on signaling's clock, so a caller
 * re-offered to another node after its node was lost goes back to its place with its wait.
 */
public final class QueueCallHeaders {
    /** Epoch milliseconds (signaling's clock) when the caller first reached the queue. */
    public static final String JOINED = "Switchboard-Queue-Joined";

    private QueueCallHeaders() {
    }
}
