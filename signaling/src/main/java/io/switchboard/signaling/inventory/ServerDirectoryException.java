package io.switchboard.signaling.inventory;

import io.switchboard.signaling.directory.FieldException;

/**
 * A refused inventory change; {@link Reason} says which kind, {@link #field()} which input was wrong
 * ({@code name}, {@code type}, {@code privateAddress}, {@code maxSessions}, ...).
 */
public final class ServerDirectoryException extends FieldException {
    private static final long serialVersionUID = 1L;

    /** Why a change was refused; the admin API maps each to 400, 404 and 409. */
    public enum Reason { INVALID, NOT_FOUND, CONFLICT }

    private final Reason reason;

    public ServerDirectoryException(Reason reason, String field, String message) {
        super(field, message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
