package io.switchboard.media.webrtc;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * An ICE username fragment and password ({@code a=ice-ufrag}, {@code a=ice-pwd}, RFC 8839 section 5.4):
 * the local ones authenticate the peer's Binding requests ({@link StunResponder}). Both are checked
 * against the grammar, {@code ice-ufrag = 4*256ice-char} and {@code ice-pwd = 22*256ice-char} with
 * {@code ice-char = ALPHA / DIGIT / "+" / "/"}, so a value read from an SDP can be trusted to be ASCII.
 * {@link #toString} leaves the password out, so it never reaches a log by accident.
 */
public record IceCredentials(String ufrag, String password) {
    /** RFC 8839 section 5.4: the ice-char set, 64 characters, 6 bits each. */
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final int MAX_CHARS = 256;
    private static final int MIN_UFRAG_CHARS = 4;
    private static final int MIN_PASSWORD_CHARS = 22;
    /** 48 random bits, at least the 24 RFC 8445 section 5.3 asks of a ufrag. */
    private static final int RANDOM_UFRAG_CHARS = 8;
    /** 144 random bits, at least the 128 RFC 8445 section 5.3 asks of a password. */
    private static final int RANDOM_PASSWORD_CHARS = 24;

    /** @throws IllegalArgumentException naming the field (never showing the password) if one breaks the grammar */
    public IceCredentials {
        check("ufrag", ufrag, MIN_UFRAG_CHARS);
        check("password", password, MIN_PASSWORD_CHARS);
    }

    /** Fresh local credentials: an 8-character ufrag and a 24-character password of random ice-chars. */
    public static IceCredentials random(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return new IceCredentials(randomChars(random, RANDOM_UFRAG_CHARS), randomChars(random, RANDOM_PASSWORD_CHARS));
    }

    /** The ufrag only, never the password. */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + "]";
    }

    private static void check(String field, String value, int minChars) {
        Objects.requireNonNull(value, field);
        if (value.length() < minChars || value.length() > MAX_CHARS) {
            throw new IllegalArgumentException("ICE " + field + " must have " + minChars + " to " + MAX_CHARS
                    + " characters (RFC 8839 section 5.4), not " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (ICE_CHARS.indexOf(value.charAt(i)) < 0) {
                throw new IllegalArgumentException("ICE " + field + " has a character outside ALPHA / DIGIT / \"+\" / \"/\""
                        + " (RFC 8839 section 5.4) at index " + i);
            }
        }
    }

    /** Uniform over the 64 ice-chars: {@code nextInt(64)} has no modulo bias. */
    private static String randomChars(SecureRandom random, int count) {
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            chars[i] = ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length()));
        }
        return new String(chars);
    }
}
