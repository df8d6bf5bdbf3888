package io.switchboard.dist.extend;

/** A refusal or a failed step: one line for the operator, exit code 1. */
public final class ExtendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExtendException(String message) {
        super(message);
    }
}
