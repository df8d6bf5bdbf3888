package io.switchboard.common.queue;

import java.util.Arrays;
import java.util.Optional;

/** How a caller left a queue's line ({@link QueueCallRecord}). */
public enum QueueCallOutcome {
    /** Joined to an agent (a callback too: then {@link QueueCallRecord#callback()} is set). */
    ANSWERED("answered"),
    /** Hung up while waiting. */
    ABANDONED("abandoned"),
    /** Waited {@code maxWait}: sent to the timeout destination. */
    TIMEOUT("timeout"),
    /** The queue had {@code maxCallers} waiting: sent to the full destination on arrival. */
    FULL("full"),
    /** No agent logged in ({@code joinEmpty} off on arrival, or {@code leaveWhenEmpty}): sent to the full destination. */
    EMPTY("empty"),
    /** Pressed the exit key: sent to the exit destination. */
    EXIT_KEY("exit-key"),
    /** Asked for a callback, and the callback was not answered {@code callbackRetries} + 1 times. */
    CALLBACK_GIVEN_UP("callback-given-up"),
    /** Transferred away by a transfer the queue did not ask for. */
    TRANSFERRED("transferred"),
    /** Joining it to an answering agent failed three times: hung up rather than ringing agents for nothing. */
    JOIN_FAILED("join-failed"),
    /** The queue node gave the queue up (shut down) while the caller waited. */
    SHUTDOWN("shutdown");

    private final String label;

    QueueCallOutcome(String label) {
        this.label = label;
    }

    /** The name in the database and the API. */
    public String label() {
        return label;
    }

    public static Optional<QueueCallOutcome> ofLabel(String label) {
        return Arrays.stream(values()).filter(o -> o.label.equals(label)).findFirst();
    }
}
