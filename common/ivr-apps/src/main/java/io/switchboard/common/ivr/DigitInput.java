package io.switchboard.common.ivr;

import java.util.Optional;

/**
 * A multi-digit entry: the caller types {@code minDigits..maxDigits} keys, ended by the terminator,
 * by reaching {@code maxDigits}, or by the inter-digit timeout; {@code action} then runs with
 * {@code {digits}} replaced by what was typed ({@code extension: "{digits}"}).
 *
 * @param terminator the key that ends the entry early ({@code #} by default); empty for none
 */
public record DigitInput(int minDigits, int maxDigits, Optional<Character> terminator, IvrAction action) {

    public static final String DIGITS_PLACEHOLDER = "{digits}";
    public static final int MAX_DIGITS = 32;

    public boolean accepts(String entered) {
        return entered.length() >= minDigits && entered.length() <= maxDigits;
    }

    public boolean isTerminator(char key) {
        return terminator.isPresent() && terminator.get() == key;
    }
}
