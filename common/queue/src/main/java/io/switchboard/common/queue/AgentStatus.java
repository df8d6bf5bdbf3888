package io.switchboard.common.queue;

/** Where an agent is, as every signaling and queue node sees it. */
public enum AgentStatus {
    LOGGED_OUT("logged-out"),
    AVAILABLE("available"),
    /** A queue node is ringing the agent's phone. */
    RINGING("ringing"),
    /** On a call from a queue. */
    ON_CALL("on-call"),
    /** After a queue call, until the queue's wrap-up time is over. */
    WRAP_UP("wrap-up"),
    /** Logged in, taking no queue calls (the reason says why). */
    PAUSED("paused");

    private final String label;

    AgentStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
