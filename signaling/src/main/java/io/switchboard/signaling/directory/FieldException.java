package io.switchboard.signaling.directory;

/**
 * A refused change that names the input at fault; each subclass adds its own {@code Reason}, which
 * the admin API maps to an HTTP status (and passes {@link #field()} on as the error body's field).
 */
public abstract class FieldException extends RuntimeException {

    private final String field;

    protected FieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input at fault, or null. */
    public String field() {
        return field;
    }
}
