package io.switchboard.signaling.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** The digest hash functions SIP phones use (RFC 7616 §3.2, RFC 8760 §2.2); the token is what goes into {@code algorithm=}. */
public enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256");

    private final String token;
    private final String jcaName;

    DigestAlgorithm(String token, String jcaName) {
        this.token = token;
        this.jcaName = jcaName;
    }

    public String token() {
        return token;
    }

    /** Parses an {@code algorithm=} value; absent means MD5 (RFC 2617 §3.2.1). */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.of(MD5);
        }
        String upper = token.toUpperCase(Locale.ROOT);
        for (DigestAlgorithm a : values()) {
            if (a.token.equals(upper)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Lower-case hex of H(data) (RFC 7616 §3.4.1). */
    public String hash(String data) {
        try {
            MessageDigest md = MessageDigest.getInstance(jcaName);
            return HexFormat.of().formatHex(md.digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " missing from the JRE", e);
        }
    }

    /** HA1 = H(username:realm:password) (RFC 7616 §3.4.2); what the user directory stores instead of the password. */
    public String ha1(String username, String realm, String password) {
        return hash(username + ":" + realm + ":" + password);
    }
}
