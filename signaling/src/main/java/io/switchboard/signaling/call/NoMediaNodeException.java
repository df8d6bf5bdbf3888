package io.switchboard.signaling.call;

/** No online media node accepted the offer: the caller gets 503 with Retry-After. */
final class NoMediaNodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoMediaNodeException(String message) {
        super(message, null, false, false);
    }
}
