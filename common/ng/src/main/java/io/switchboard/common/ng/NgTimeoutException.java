package io.switchboard.common.ng;

/** No reply from a media server within the timeout (one retransmission included). */
public final class NgTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NgTimeoutException(String message) {
        super(message);
    }
}
