package io.switchboard.signaling.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks digest nonces (RFC 7616 §3.3, §3.5). A nonce is stateless until used:
 * {@code base64url(issuedAt | random | HMAC-SHA256(secret, issuedAt | random)[0..12])}, so any
 * signaling process sharing the secret can verify it. Once a nonce authenticates a request, its
 * highest nonce-count is remembered until the nonce expires, and a count not above it is a replay.
 */
public final class NonceService {
    /** Outcome of checking the nonce and nonce-count a phone sent. */
    public enum Verdict { VALID, STALE, FORGED, REPLAYED }

    private static final int RANDOM_BYTES = 8;
    private static final int MAC_BYTES = 12;
    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;
    private final ThreadLocal<Mac> macs;
    private final ConcurrentHashMap<String, Long> highestCount = new ConcurrentHashMap<>();

    public NonceService(byte[] secret, Duration ttl, Clock clock) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.ttl = ttl;
        this.clock = clock;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public String issue() {
        ByteBuffer b = ByteBuffer.allocate(8 + RANDOM_BYTES + MAC_BYTES);
        b.putLong(clock.millis());
        // Uniqueness, not secrecy: the HMAC is what makes a nonce unforgeable, and SecureRandom's
        // shared /dev/urandom reader would serialise every challenge of a registration storm.
        b.putLong(ThreadLocalRandom.current().nextLong());
        b.put(mac(b.array(), 8 + RANDOM_BYTES), 0, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** Checks a nonce without consuming a nonce-count (first step, before the password check). */
    public Verdict check(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Verdict.FORGED;
        }
        if (raw.length != 8 + RANDOM_BYTES + MAC_BYTES) {
            return Verdict.FORGED;
        }
        byte[] expected = mac(raw, 8 + RANDOM_BYTES);
        if (!MessageDigest.isEqual(java.util.Arrays.copyOf(expected, MAC_BYTES),
                java.util.Arrays.copyOfRange(raw, 8 + RANDOM_BYTES, raw.length))) {
            return Verdict.FORGED;
        }
        long issuedAt = ByteBuffer.wrap(raw).getLong();
        long age = clock.millis() - issuedAt;
        return age < 0 || age > ttl.toMillis() ? Verdict.STALE : Verdict.VALID;
    }

    /**
     * Records a nonce-count after a successful password check (RFC 7616 §3.4: the count must grow).
     * Without qop there is no count and the nonce may be reused until it expires (RFC 2069 phones).
     */
    public Verdict useCount(String nonce, String nonceCountHex) {
        if (nonceCountHex == null) {
            return Verdict.VALID;
        }
        long nc;
        try {
            nc = Long.parseLong(nonceCountHex, 16);
        } catch (NumberFormatException e) {
            return Verdict.FORGED;
        }
        boolean[] fresh = {false};
        highestCount.compute(nonce, (k, last) -> {
            if (last == null || nc > last) {
                fresh[0] = true;
                return nc;
            }
            return last;
        });
        return fresh[0] ? Verdict.VALID : Verdict.REPLAYED;
    }

    /** Forgets counts of expired nonces; called periodically. */
    public void sweep() {
        highestCount.keySet().removeIf(n -> check(n) != Verdict.VALID);
    }

    int trackedNonces() {
        return highestCount.size();
    }

    private byte[] mac(byte[] data, int len) {
        Mac mac = macs.get();
        mac.update(data, 0, len);
        return mac.doFinal();
    }
}
