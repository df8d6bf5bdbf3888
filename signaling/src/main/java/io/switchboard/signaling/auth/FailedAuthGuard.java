package io.switchboard.signaling.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing (sipvicious' svcrack and the like): after {@code maxFailures} wrong
 * answers for one username from one source address within the block time, that pair is refused
 * (the same 401/407, without checking) until the block time has passed. Keyed by address AND
 * username so that one misconfigured phone behind an office NAT locks out only itself.
 */
public final class FailedAuthGuard {
    private static final int MAX_TRACKED = 200_000;

    /** Failures of one (source, username) pair since {@code windowStart}. */
    private record Strikes(long windowStart, int count) {
    }

    private final ConcurrentHashMap<String, Strikes> strikes = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final long blockMillis;
    private final Clock clock;

    public FailedAuthGuard(int maxFailures, Duration blockTime, Clock clock) {
        this.maxFailures = maxFailures;
        this.blockMillis = blockTime.toMillis();
        this.clock = clock;
    }

    private static String key(String source, String username) {
        return source + '\u0000' + username;
    }

    public boolean blocked(String source, String username) {
        if (maxFailures <= 0) {
            return false;
        }
        Strikes s = strikes.get(key(source, username));
        return s != null && s.count() >= maxFailures && clock.millis() - s.windowStart() < blockMillis;
    }

    public void failed(String source, String username) {
        if (maxFailures <= 0 || strikes.size() >= MAX_TRACKED) {
            return;
        }
        long now = clock.millis();
        strikes.merge(key(source, username), new Strikes(now, 1), (old, one) ->
                now - old.windowStart() >= blockMillis ? one : new Strikes(old.windowStart(), old.count() + 1));
    }

    public void succeeded(String source, String username) {
        strikes.remove(key(source, username));
    }

    /** Forgets pairs whose window has passed; called periodically. */
    public void sweep() {
        long now = clock.millis();
        strikes.values().removeIf(s -> now - s.windowStart() >= blockMillis);
    }

    int tracked() {
        return strikes.size();
    }
}
