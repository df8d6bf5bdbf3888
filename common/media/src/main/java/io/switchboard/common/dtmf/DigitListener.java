package io.switchboard.common.dtmf;

/**
 * Told once per key press. Called on the endpoint's event loop: hand the digit on to the
 * application's own executor rather than doing blocking work here.
 */
@FunctionalInterface
public interface DigitListener {
    void digit(char digit, DigitSource source);
}
