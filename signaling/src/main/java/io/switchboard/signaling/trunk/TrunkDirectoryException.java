package io.switchboard.signaling.trunk;

import io.switchboard.signaling.directory.FieldException;

/** A refused trunk change, naming the field; {@link Reason} maps to 400, 404 and 409 in the admin API. */
public final class TrunkDirectoryException extends FieldException {
    private static final long serialVersionUID = 1L;

    public enum Reason { INVALID, NOT_FOUND, CONFLICT }

    private final Reason reason;

    public TrunkDirectoryException(Reason reason, String field, String message) {
        super(field, message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
