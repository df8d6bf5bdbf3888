package io.switchboard.signaling.queue;

/** A refused queue change; {@link Reason} says which kind, {@link #field()} which input was wrong. */
public final class QueueDirectoryException extends RuntimeException {

    /** Why a change was refused; the admin API maps each to 400, 404 and 409. */
    public enum Reason { INVALID, NOT_FOUND, CONFLICT }

    private final Reason reason;
    private final String field;

    public QueueDirectoryException(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The input at fault ({@code name}, {@code number}, {@code members}, ...), or null. */
    public String field() {
        return field;
    }
}
