package io.switchboard.signaling.admin;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The portal's signed-in browsers: a random session token (the {@code sb_session} cookie, HttpOnly,
 * SameSite=Strict) with its own CSRF token, ended by sign-out or {@link #IDLE} without a request.
 * In a cluster the sessions live in the {@value #MAP_NAME} map, so a browser stays signed in when
 * another signaling member answers (a failover of the pair, a load balancer). The map is keyed by a
 * SHA-256 of the token, so a heap dump or a backup of a member holds no usable cookie. At most
 * {@link #MAX} sessions; the one idle longest makes room for a new one.
 */
public final class PortalSessions {
    public static final String MAP_NAME = "portal-sessions";
    static final String COOKIE = "sb_session";
    static final Duration IDLE = Duration.ofMinutes(30);
    static final int MAX = 1_000;
    /** A request within this long of the last recorded one does not write again: one cluster write per portal poll is waste. */
    static final long TOUCH_GRANULARITY_MILLIS = 10_000;

    /** @param csrf the token state-changing requests of this session carry in {@code X-CSRF-Token} */
    record Session(String csrf, long lastSeenMillis) implements Serializable {
    }

    private final ConcurrentMap<String, Session> sessions;
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier clock;

    private PortalSessions(ConcurrentMap<String, Session> sessions, LongSupplier clockMillis) {
        this.sessions = sessions;
        this.clock = clockMillis;
    }

    /** Shared by every signaling member of {@code hz}'s cluster. */
    public static PortalSessions shared(HazelcastInstance hz) {
        return new PortalSessions(hz.getMap(MAP_NAME), System::currentTimeMillis);
    }

    /** This process only (tests, and an admin API without a cluster). */
    public static PortalSessions local(LongSupplier clockMillis) {
        return new PortalSessions(new ConcurrentHashMap<>(), clockMillis);
    }

    /** The {@value #MAP_NAME} map: one backup; an entry not read or written for the idle time is dropped by the cluster too. */
    public static void configure(Config config) {
        config.addMapConfig(new MapConfig(MAP_NAME).setBackupCount(1)
                .setMaxIdleSeconds((int) IDLE.toSeconds() + (int) (TOUCH_GRANULARITY_MILLIS / 1000)));
    }

    /** Opens a session; returns its cookie token and CSRF token. */
    String[] open() {
        long now = clock.getAsLong();
        if (sessions.size() >= MAX) {
            makeRoom(now);
        }
        String token = token();
        String csrf = token();
        sessions.put(key(token), new Session(csrf, now));
        return new String[] {token, csrf};
    }

    /** Drops the sessions idle too long, and the one idle longest if that freed nothing. */
    private void makeRoom(long now) {
        String oldest = null;
        long oldestSeen = Long.MAX_VALUE;
        for (Map.Entry<String, Session> e : sessions.entrySet()) {
            long seen = e.getValue().lastSeenMillis();
            if (now - seen > IDLE.toMillis()) {
                sessions.remove(e.getKey(), e.getValue());
            } else if (seen < oldestSeen) {
                oldestSeen = seen;
                oldest = e.getKey();
            }
        }
        if (sessions.size() >= MAX && oldest != null) {
            sessions.remove(oldest);
        }
    }

    /** The live session of {@code token}, its idle clock restarted; empty when unknown or idle too long. */
    Optional<Session> touch(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String key = key(token);
        long now = clock.getAsLong();
        Session s = sessions.get(key);
        if (s == null) {
            return Optional.empty();
        }
        if (now - s.lastSeenMillis() > IDLE.toMillis()) {
            sessions.remove(key, s);
            return Optional.empty();
        }
        if (now - s.lastSeenMillis() < TOUCH_GRANULARITY_MILLIS) {
            return Optional.of(s);
        }
        Session fresh = new Session(s.csrf(), now);
        sessions.replace(key, s, fresh);
        return Optional.of(fresh);
    }

    void close(String token) {
        if (token != null && !token.isEmpty()) {
            sessions.remove(key(token));
        }
    }

    static boolean csrfMatches(Session s, String header) {
        return header != null && MessageDigest.isEqual(s.csrf().getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
