package io.switchboard.common.worker;

/** Why an answered call ended, as {@link WorkerSession#onEnded} reports it. */
public enum CallEnd {
    /** BYE from the caller (RFC 3261 §15.1.2). */
    CALLER_HUNG_UP("caller hung up"),
    /** The session asked for it ({@link WorkerCall#hangUp()}): we sent BYE. */
    HUNG_UP("application hung up"),
    /** A transfer reached its target (2xx sipfrag, RFC 3515 §2.4.5): we sent BYE. */
    TRANSFERRED("transferred"),
    /** CANCEL before our 2xx went out (RFC 3261 §9.2). */
    CANCELLED("cancelled"),
    /** No ACK for our 2xx within 64·T1 (RFC 3261 §13.3.1.4): we sent BYE. */
    NO_ACK("no ACK"),
    /** The node is shutting down: we sent BYE. */
    SHUTDOWN("node shutting down"),
    /**
     * The node is shutting down and let the call go without a BYE: signaling offers it to another
     * node of the role, where it goes on (a queue's caller keeps its place).
     */
    HANDED_OVER("left to another node");

    private final String why;

    CallEnd(String why) {
        this.why = why;
    }

    public String why() {
        return why;
    }
}
