package io.switchboard.signaling.admin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-source back-off for wrong admin passwords: after {@link #FREE_FAILURES} wrong answers from one
 * address, that address is refused (429) for 1 s, then twice as long on each further wrong answer,
 * up to 5 minutes; a right answer forgets it. 300 guesses, which took 2.8 s without it, then take
 * hours. Per process (the admin API is served by the active signaling process only).
 */
final class AdminLockout {
    static final int FREE_FAILURES = 10;
    static final long MAX_LOCK_MILLIS = 300_000;
    /** Sources with no failure for this long are dropped, so the table stays small. */
    static final long FORGET_MILLIS = 600_000;

    private record Failures(int count, long lockedUntil, long lastAt) {
    }

    private final Map<String, Failures> bySource = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    AdminLockout(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    /** Milliseconds this source must still wait, 0 if it may try. */
    long waitFor(String source) {
        Failures f = bySource.get(source);
        return f == null ? 0 : Math.max(0, f.lockedUntil() - clock.getAsLong());
    }

    void failed(String source) {
        long now = clock.getAsLong();
        if (bySource.size() > 10_000) {
            bySource.values().removeIf(f -> now - f.lastAt() > FORGET_MILLIS);
        }
        bySource.compute(source, (s, f) -> {
            int count = f == null || now - f.lastAt() > FORGET_MILLIS ? 1 : f.count() + 1;
            long lock = count <= FREE_FAILURES ? 0
                    : Math.min(MAX_LOCK_MILLIS, 1000L << Math.min(20, count - FREE_FAILURES - 1));
            return new Failures(count, now + lock, now);
        });
    }

    void succeeded(String source) {
        bySource.remove(source);
    }
}
