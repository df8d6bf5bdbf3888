package io.switchboard.signaling.directory;

/**
 * A refused directory change; {@link Reason} says which kind, {@link #field()} which input was wrong
 * ({@code extension}, {@code password}, {@code displayName}).
 */
public final class UserDirectoryException extends FieldException {

    /** Why a change was refused; callers map each to their own protocol (the admin API to 400/404/409). */
    public enum Reason { INVALID, NOT_FOUND, ALREADY_EXISTS }

    private final Reason reason;

    public UserDirectoryException(Reason reason, String field, String message) {
        super(field, message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
