package io.switchboard.signaling.directory;

import io.switchboard.signaling.auth.DigestAlgorithm;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A provisioned SIP user. The password is never kept: only HA1 = H(extension:realm:password) for
 * each digest algorithm a phone may choose (RFC 7616 §3.4.2, RFC 8760), so a realm change means
 * new passwords. Timestamps are millisecond-precise so that every store round-trips them exactly.
 */
public record SipUser(
        String extension,
        String displayName,
        boolean enabled,
        String realm,
        String ha1Md5,
        String ha1Sha256,
        Instant createdAt,
        Instant updatedAt) {

    public static final int MAX_EXTENSION_LENGTH = 32;
    public static final int MAX_DISPLAY_NAME_LENGTH = 128;
    /** Long enough for any sane SIP secret; bounds the work an import line can cause. */
    public static final int MAX_PASSWORD_LENGTH = 256;

    public SipUser {
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(ha1Md5, "ha1Md5");
        Objects.requireNonNull(ha1Sha256, "ha1Sha256");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A user whose password is kept only as its HA1 hashes in {@code realm}; created and updated at {@code now}. */
    public static SipUser withPassword(String extension, String realm, String password, String displayName,
            boolean enabled, Instant now) {
        return new SipUser(extension, displayName, enabled, realm,
                DigestAlgorithm.MD5.ha1(extension, realm, password),
                DigestAlgorithm.SHA_256.ha1(extension, realm, password),
                now, now);
    }

    /**
     * Why {@code extension} is not a valid user part, or empty if it is: 1-32 characters of
     * {@code [0-9A-Za-z._+-]}. Phones dial digits, but trunks and service users have names.
     */
    public static Optional<String> extensionProblem(String extension) {
        if (extension == null || extension.isEmpty()) {
            return Optional.of("extension is empty");
        }
        if (extension.length() > MAX_EXTENSION_LENGTH) {
            return Optional.of("extension '" + abbreviate(extension) + "' is longer than "
                    + MAX_EXTENSION_LENGTH + " characters");
        }
        for (int i = 0; i < extension.length(); i++) {
            char c = extension.charAt(i);
            if (c == ' ') {
                return Optional.of("extension '" + extension + "' has a space");
            }
            if (!isExtensionChar(c)) {
                return Optional.of("extension '" + printable(extension) + "' has the character '"
                        + printable(String.valueOf(c)) + "' (allowed: 0-9 A-Z a-z . _ - +)");
            }
        }
        return Optional.empty();
    }

    /** Why {@code password} cannot be set, or empty if it can. */
    public static Optional<String> passwordProblem(String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("password is empty");
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            return Optional.of("password is longer than " + MAX_PASSWORD_LENGTH + " characters");
        }
        return Optional.empty();
    }

    /**
     * Why {@code displayName} cannot be used, or empty if it can: at most 128 characters, no
     * control characters and no double quote, because it goes into a quoted-string display name
     * in From/To/P-Asserted-Identity (RFC 3261 §25.1).
     */
    public static Optional<String> displayNameProblem(String displayName) {
        if (displayName == null) {
            return Optional.empty();
        }
        if (displayName.length() > MAX_DISPLAY_NAME_LENGTH) {
            return Optional.of("display name is longer than " + MAX_DISPLAY_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < displayName.length(); i++) {
            char c = displayName.charAt(i);
            if (c == '"') {
                return Optional.of("display name has a double quote");
            }
            if (Character.isISOControl(c)) {
                return Optional.of("display name has a control character");
            }
        }
        return Optional.empty();
    }

    private static boolean isExtensionChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || c == '.' || c == '_' || c == '-' || c == '+';
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? printable(s) : printable(s.substring(0, 40)) + "...";
    }

    /** Keeps error messages on one line whatever the input held. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
