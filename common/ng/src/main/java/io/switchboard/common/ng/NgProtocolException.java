package io.switchboard.common.ng;

/** Bytes or a dictionary that break the ng protocol; the message says what was expected and where. */
public class NgProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NgProtocolException(String message) {
        super(message);
    }
}
