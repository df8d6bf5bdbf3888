package io.switchboard.signaling.queue;

import io.switchboard.signaling.directory.FieldException;

/**
 * A refused queue change; {@link Reason} says which kind, {@link #field()} which input was wrong
 * ({@code name}, {@code number}, {@code members}, ...).
 */
public final class QueueDirectoryException extends FieldException {

    /** Why a change was refused; the admin API maps each to 400, 404 and 409. */
    public enum Reason { INVALID, NOT_FOUND, CONFLICT }

    private final Reason reason;

    public QueueDirectoryException(Reason reason, String field, String message) {
        super(field, message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
