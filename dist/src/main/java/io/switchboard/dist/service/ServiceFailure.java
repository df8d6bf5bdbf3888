package io.switchboard.dist.service;

/** A step of a service command that could not be done; its message completes "ROLE: " as a one-line reason. */
public final class ServiceFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public ServiceFailure(String message) {
        super(message);
    }
}
