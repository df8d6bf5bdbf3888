package io.switchboard.common.prompt;

/** A WAV file we cannot play; says what was found and what was expected. */
public final class WavFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public WavFormatException(String message) {
        super(message);
    }
}
