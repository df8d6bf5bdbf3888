package io.switchboard.media.webrtc;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.tls.crypto.TlsCertificate;

/**
 * An {@code a=fingerprint} value (RFC 8122 §5): the hash function's name and the certificate's
 * digest, upper-case hex pairs joined by colons. Compared by the digest bytes, so case and the
 * hash name's spelling do not matter.
 */
public record DtlsFingerprint(String hash, byte[] digest) {
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":").withUpperCase();

    public DtlsFingerprint {
        hash = hash.toLowerCase(Locale.ROOT);
        digest = digest.clone();
    }

    /** Parses {@code sha-256 AB:CD:...}; throws IllegalArgumentException saying what is wrong. */
    public static DtlsFingerprint parse(String attribute) {
        String[] f = attribute.trim().split("\\s+");
        if (f.length != 2) {
            throw new IllegalArgumentException("a=fingerprint '" + attribute + "' is not '<hash> <hex:hex:...>'");
        }
        String algorithm = javaName(f[0]);
        byte[] digest;
        try {
            digest = COLONS.parseHex(f[1].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a=fingerprint '" + attribute + "' has a digest that is not colon-separated hex");
        }
        try {
            if (digest.length != MessageDigest.getInstance(algorithm).getDigestLength()) {
                throw new IllegalArgumentException("a=fingerprint '" + attribute + "' has " + digest.length
                        + " bytes, not the length of a " + f[0] + " digest");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("a=fingerprint hash '" + f[0] + "' is not supported (sha-1, sha-256, sha-384, sha-512)");
        }
        return new DtlsFingerprint(f[0], digest);
    }

    static DtlsFingerprint sha256(TlsCertificate certificate) {
        return of("sha-256", certificate);
    }

    /** The fingerprint of {@code certificate} with this one's hash function, to compare with it. */
    DtlsFingerprint of(TlsCertificate certificate) {
        return of(hash, certificate);
    }

    private static DtlsFingerprint of(String hash, TlsCertificate certificate) {
        try {
            return new DtlsFingerprint(hash, MessageDigest.getInstance(javaName(hash)).digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot hash a certificate with " + hash + ": " + e.getMessage(), e);
        }
    }

    private static String javaName(String hash) {
        return switch (hash.toLowerCase(Locale.ROOT)) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> throw new IllegalArgumentException("a=fingerprint hash '" + hash + "' is not supported (sha-1, sha-256, sha-384, sha-512)");
        };
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    public boolean matches(DtlsFingerprint other) {
        return hash.equals(other.hash) && MessageDigest.isEqual(digest, other.digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsFingerprint f && matches(f);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }

    /** The attribute value: {@code sha-256 AB:CD:...}. */
    @Override
    public String toString() {
        return hash + " " + COLONS.formatHex(digest);
    }
}
