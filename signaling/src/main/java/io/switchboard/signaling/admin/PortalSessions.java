package io.switchboard.signaling.admin;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The portal's signed-in browsers: a random session token (the {@code sb_session} cookie, HttpOnly,
 * SameSite=Strict) with its own CSRF token, ended by sign-out or {@link #IDLE} without a request.
 * Kept by this signaling member only: a browser signs in again after a failover. At most
 * {@link #MAX} sessions; the one idle longest makes room for a new one.
 */
final class PortalSessions {
    static final String COOKIE = "sb_session";
    static final Duration IDLE = Duration.ofMinutes(30);
    static final int MAX = 1_000;

    /** @param csrf the token state-changing requests of this session carry in {@code X-CSRF-Token} */
    record Session(String csrf, long lastSeenMillis) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier clock;

    PortalSessions(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    /** Opens a session; returns its cookie token and CSRF token. */
    String[] open() {
        long now = clock.getAsLong();
        if (sessions.size() >= MAX) {
            sessions.entrySet().removeIf(e -> now - e.getValue().lastSeenMillis() > IDLE.toMillis());
            sessions.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().lastSeenMillis()))
                    .ifPresent(e -> sessions.remove(e.getKey()));
        }
        String token = token();
        String csrf = token();
        sessions.put(token, new Session(csrf, now));
        return new String[] {token, csrf};
    }

    /** The live session of {@code token}, its idle clock restarted; empty when unknown or idle too long. */
    Optional<Session> touch(String token) {
        if (token == null) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        Session s = sessions.get(token);
        if (s == null) {
            return Optional.empty();
        }
        if (now - s.lastSeenMillis() > IDLE.toMillis()) {
            sessions.remove(token, s);
            return Optional.empty();
        }
        Session fresh = new Session(s.csrf(), now);
        sessions.replace(token, s, fresh);
        return Optional.of(fresh);
    }

    void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    static boolean csrfMatches(Session s, String header) {
        return header != null && MessageDigest.isEqual(s.csrf().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
