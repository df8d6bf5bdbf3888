package io.switchboard.signaling.room;

import io.switchboard.signaling.directory.FieldException;

/**
 * A refused room change; {@link Reason} says which kind, {@link #field()} which input was wrong
 * ({@code number}, {@code name}, {@code pin}, ...).
 */
public final class RoomDirectoryException extends FieldException {

    /** Why a change was refused; the admin API maps each to 400, 404 and 409. */
    public enum Reason { INVALID, NOT_FOUND, CONFLICT }

    private final Reason reason;

    public RoomDirectoryException(Reason reason, String field, String message) {
        super(field, message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
