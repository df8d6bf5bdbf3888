package io.switchboard.signaling.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The admin credential ({@code admin} and the admin password), checked for HTTP Basic and for the
 * portal's sign-in alike. Compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time
 * taken says nothing about how much of the password, or its length, was right.
 */
final class AdminCredential {
    static final String USER = "admin";

    private final byte[] expected;

    AdminCredential(String adminPassword) {
        if (adminPassword == null || adminPassword.isEmpty()) {
            throw new IllegalArgumentException("admin password is empty");
        }
        this.expected = sha256(USER + ":" + adminPassword);
    }

    /** {@code userColonPassword} as HTTP Basic carries it ({@code admin:secret}). */
    boolean matches(String userColonPassword) {
        return MessageDigest.isEqual(expected, sha256(userColonPassword));
    }

    boolean matchesPassword(String password) {
        return matches(USER + ":" + password);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JRE", e);
        }
    }
}
