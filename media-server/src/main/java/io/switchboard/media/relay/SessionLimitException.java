package io.switchboard.media.relay;

/** A new session was refused: the node is at media.max-sessions, or its port range is exhausted. */
public final class SessionLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SessionLimitException(String message) {
        super(message);
    }
}
