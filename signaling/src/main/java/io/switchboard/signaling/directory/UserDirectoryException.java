package io.switchboard.signaling.directory;

/** A refused directory change; {@link Reason} says which kind, {@link #field()} which input was wrong. */
public final class UserDirectoryException extends RuntimeException {

    /** Why a change was refused; callers map each to their own protocol (the admin API to 400/404/409). */
    public enum Reason { INVALID, NOT_FOUND, ALREADY_EXISTS }

    private final Reason reason;
    private final String field;

    public UserDirectoryException(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The input at fault ({@code extension}, {@code password}, {@code displayName}), or null. */
    public String field() {
        return field;
    }
}
