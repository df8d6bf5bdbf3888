package io.switchboard.media.srtp;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The master key and master salt one side sends with, as an SDES {@code a=crypto} line carries them
 * (RFC 4568 section 6.1). The arrays are copied in and out, so an instance cannot be changed; equality
 * compares the bytes (in constant time), and neither {@link #toString} nor {@link #hashCode} depends
 * on them, so a key never reaches a log by accident.
 */
public record SrtpKey(SrtpSuite suite, byte[] masterKey, byte[] masterSalt) {
    private static final String INLINE = "inline:";
    /** RFC 4568 section 9.2: lifetime = ["2^"] 1*(DIGIT). */
    private static final Pattern LIFETIME = Pattern.compile("(2\\^)?[0-9]{1,20}");

    public SrtpKey {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(masterKey, "masterKey");
        Objects.requireNonNull(masterSalt, "masterSalt");
        if (masterKey.length != suite.keyBytes() || masterSalt.length != suite.saltBytes()) {
            throw new IllegalArgumentException(suite + " needs a " + suite.keyBytes() + "-byte master key and a "
                    + suite.saltBytes() + "-byte master salt, got " + masterKey.length + " and " + masterSalt.length);
        }
        masterKey = masterKey.clone();
        masterSalt = masterSalt.clone();
    }

    /** A fresh key for {@code suite}: the key this node sends with, announced in the SDP it sends. */
    public static SrtpKey random(SrtpSuite suite, SecureRandom random) {
        byte[] key = new byte[suite.keyBytes()];
        byte[] salt = new byte[suite.saltBytes()];
        random.nextBytes(key);
        random.nextBytes(salt);
        return new SrtpKey(suite, key, salt);
    }

    /**
     * The key in the key-params of an {@code a=crypto} line (RFC 4568 section 9.2), such as
     * {@code inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20}: base64 of the master key followed
     * by the master salt, then an optional lifetime (accepted and ignored: a call ends long before
     * 2^48 packets) and an optional MKI. An MKI, and several keys separated by {@code ;}, are refused:
     * without MKI support only one key per direction can be used (RFC 3711 section 3.1).
     *
     * @throws IllegalArgumentException saying what is wrong with {@code keyParams}
     */
    public static SrtpKey parse(SrtpSuite suite, String keyParams) {
        Objects.requireNonNull(suite, "suite");
        if (keyParams == null || keyParams.isBlank()) {
            throw new IllegalArgumentException("no key-params");
        }
        String params = keyParams.trim();
        if (params.indexOf(';') >= 0) {
            throw new IllegalArgumentException("several keys (';') are not supported: they need an MKI, which is not implemented");
        }
        // RFC 4568's ABNF spells "inline" as a quoted string, which ABNF matches case-insensitively.
        if (!params.regionMatches(true, 0, INLINE, 0, INLINE.length())) {
            throw new IllegalArgumentException("key method is not 'inline:' in '" + redacted(params) + "'");
        }
        String[] fields = params.substring(INLINE.length()).split("\\|", -1);
        if (fields.length > 3) {
            throw new IllegalArgumentException("too many '|' fields in key-params (key|lifetime|MKI at most)");
        }
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i];
            if (field.indexOf(':') >= 0) {
                throw new IllegalArgumentException("MKI '" + field + "' is not supported (one key per direction, no MKI)");
            }
            if (i == 2) {
                throw new IllegalArgumentException("'" + field + "' after the lifetime: only an MKI (value:length) may follow it");
            }
            if (!LIFETIME.matcher(field).matches()) {
                throw new IllegalArgumentException("bad lifetime '" + field + "' (expected digits or 2^digits)");
            }
        }
        byte[] keyAndSalt;
        try {
            keyAndSalt = Base64.getDecoder().decode(fields[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key and salt are not valid base64: " + e.getMessage());
        }
        int expected = suite.keyBytes() + suite.saltBytes();
        if (keyAndSalt.length != expected) {
            throw new IllegalArgumentException(suite + " needs " + expected + " bytes of key and salt ("
                    + suite.keyBytes() + " + " + suite.saltBytes() + "), the base64 gives " + keyAndSalt.length);
        }
        byte[] key = new byte[suite.keyBytes()];
        byte[] salt = new byte[suite.saltBytes()];
        System.arraycopy(keyAndSalt, 0, key, 0, key.length);
        System.arraycopy(keyAndSalt, key.length, salt, 0, salt.length);
        Arrays.fill(keyAndSalt, (byte) 0);
        return new SrtpKey(suite, key, salt);
    }

    /** The key-params for an {@code a=crypto} line: {@code inline:} and the base64 of key and salt. */
    public String keyParams() {
        byte[] keyAndSalt = new byte[masterKey.length + masterSalt.length];
        System.arraycopy(masterKey, 0, keyAndSalt, 0, masterKey.length);
        System.arraycopy(masterSalt, 0, keyAndSalt, masterKey.length, masterSalt.length);
        String params = INLINE + Base64.getEncoder().encodeToString(keyAndSalt);
        Arrays.fill(keyAndSalt, (byte) 0);
        return params;
    }

    /** A copy of the master key. */
    @Override
    public byte[] masterKey() {
        return masterKey.clone();
    }

    /** A copy of the master salt. */
    @Override
    public byte[] masterSalt() {
        return masterSalt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpKey other && suite == other.suite
                && MessageDigest.isEqual(masterKey, other.masterKey)
                && MessageDigest.isEqual(masterSalt, other.masterSalt);
    }

    /** The suite's hash only: equal keys have equal suites, and the key bytes stay out of it. */
    @Override
    public int hashCode() {
        return suite.hashCode();
    }

    /** The suite only, never the key material. */
    @Override
    public String toString() {
        return "SrtpKey[suite=" + suite + "]";
    }

    /** Key-params with the key material left out, for error messages. */
    private static String redacted(String params) {
        int colon = params.indexOf(':');
        return colon < 0 ? "…" : params.substring(0, colon + 1) + "…";
    }
}
