package io.switchboard.common.sdp;

/** An SDP body that cannot be parsed; names the 1-based line and what was expected (signaling answers 400 or 488). */
public final class SdpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;

    public SdpException(int line, String reason) {
        super("SDP line " + line + ": " + reason);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
