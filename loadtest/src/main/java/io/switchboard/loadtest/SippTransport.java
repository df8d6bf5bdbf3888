package io.switchboard.loadtest;

/** SIPp's {@code -t} modes used here: one UDP socket, or one TCP connection, for all calls. */
public enum SippTransport {
    UDP("u1"),
    TCP("t1");

    private final String mode;

    SippTransport(String mode) {
        this.mode = mode;
    }

    /** The value of SIPp's {@code -t} option. */
    public String mode() {
        return mode;
    }
}
