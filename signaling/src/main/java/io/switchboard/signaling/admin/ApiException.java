package io.switchboard.signaling.admin;

/**
 * A refused admin request; {@link AdminServer} turns it into {@code status} and the body
 * {@code {"error": message, "field": field}} (field omitted when null).
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    public ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, null, message);
    }

    public static ApiException conflict(String field, String message) {
        return new ApiException(409, field, message);
    }

    public int status() {
        return status;
    }

    /** The request field at fault, or null when the whole request is. */
    public String field() {
        return field;
    }
}
