package io.switchboard.common.queue;

/**
 * What signaling writes into the INVITE it sends a queue node for a caller. A queue's line is
 * ordered by the time each caller first reached the queue, on signaling's clock, so a caller
 * re-offered to another node after its node was lost goes back to its place with its wait.
 */
public final class QueueCallHeaders {
    /** Epoch milliseconds (signaling's clock) when the caller first reached the queue. */
    public static final String JOINED = "Switchboard-Queue-Joined";
    /**
     * Signaling's id of the caller's call (its A-leg Call-ID, the CDR's {@code call_id}): the queue
     * node writes it into the caller's {@link QueueCallRecord}, which links the record to the CDRs.
     */
    public static final String CALL_ID = "Switchboard-Call-Id";

    private QueueCallHeaders() {
    }
}
