package io.switchboard.signaling.directory;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which SIP passwords may be set. A digest response seen on the wire can be tried offline against a
 * dictionary, so a password must be long ({@code auth.password-min-length}) and must not be one a
 * cracker's word lists, keyboard walks, dates or the user's own extension find early
 * ({@code auth.password-min-strength}, zxcvbn's 0-4 score: 3 means at least 10^8 guesses).
 *
 * <p>zxcvbn costs about 0.4 ms per password on this hardware, so it is never on a SIP path: only
 * when a password is set.
 */
public final class PasswordPolicy {

    public static final int DEFAULT_MIN_LENGTH = 10;
    public static final int DEFAULT_MIN_STRENGTH = 3;
    public static final int MAX_STRENGTH = 4;

    private final int minLength;
    private final int minStrength;
    // zxcvbn keeps matcher state per call; one estimator per thread keeps parallel imports safe.
    private final ThreadLocal<Zxcvbn> estimator = ThreadLocal.withInitial(Zxcvbn::new);

    public PasswordPolicy(int minLength, int minStrength) {
        if (minLength < 1 || minLength > SipUser.MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("minLength must be 1-" + SipUser.MAX_PASSWORD_LENGTH);
        }
        if (minStrength < 0 || minStrength > MAX_STRENGTH) {
            throw new IllegalArgumentException("minStrength must be 0-" + MAX_STRENGTH);
        }
        this.minLength = minLength;
        this.minStrength = minStrength;
    }

    public static PasswordPolicy defaults() {
        return new PasswordPolicy(DEFAULT_MIN_LENGTH, DEFAULT_MIN_STRENGTH);
    }

    public int minLength() {
        return minLength;
    }

    public int minStrength() {
        return minStrength;
    }

    /**
     * Why {@code password} may not be set for {@code extension}, or empty if it may. The message
     * names the rule and the key that sets it, so an operator knows what to change.
     */
    public Optional<String> problem(String extension, String displayName, String password) {
        Optional<String> basic = SipUser.passwordProblem(password);
        if (basic.isPresent()) {
            return basic;
        }
        int length = password.codePointCount(0, password.length());
        if (length < minLength) {
            return Optional.of("password has " + length + (length == 1 ? " character" : " characters")
                    + ", at least " + minLength + " needed (auth.password-min-length)");
        }
        if (minStrength == 0) {
            return Optional.empty();
        }
        List<String> known = new ArrayList<>(3);
        known.add(extension);
        known.add("switchboard");
        if (displayName != null && !displayName.isBlank()) {
            known.add(displayName);
        }
        Strength strength = estimator.get().measure(password, known);
        if (strength.getScore() >= minStrength) {
            return Optional.empty();
        }
        StringBuilder why = new StringBuilder("password is too easy to guess: strength ")
                .append(strength.getScore()).append(" of ").append(MAX_STRENGTH).append(", at least ")
                .append(minStrength).append(" needed (auth.password-min-strength; about ")
                .append(String.format("%.0e", strength.getGuesses())).append(" guesses)");
        String warning = strength.getFeedback().getWarning();
        if (warning != null && !warning.isBlank()) {
            String w = warning.strip();
            why.append(". ").append(w.endsWith(".") ? w.substring(0, w.length() - 1) : w);
        }
        why.append(". Use ").append(Math.max(minLength, 12))
                .append(" or more characters that are not words, names, dates or the extension");
        return Optional.of(why.toString());
    }
}
