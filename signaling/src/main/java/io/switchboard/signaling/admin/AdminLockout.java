package io.switchboard.signaling.admin;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import java.io.Serializable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Per-source back-off for wrong admin passwords: after {@link #FREE_FAILURES} wrong answers from one
 * address, that address is refused (429) for 1 s, then twice as long on each further wrong answer,
 * up to 5 minutes; a right answer forgets it. 300 guesses, which took 2.8 s without it, then take
 * hours. The failures live in the Hazelcast map {@value #MAP_NAME}, owned here, so a guesser gains
 * nothing by moving to another signaling process (or to the standby after a fail-over); entries
 * expire {@link #FORGET_MILLIS} after their last failure.
 */
public final class AdminLockout {
    public static final String MAP_NAME = "admin-lockout";
    static final int FREE_FAILURES = 10;
    static final long MAX_LOCK_MILLIS = 300_000;
    /** Sources with no failure for this long are forgotten, so the table stays small. */
    static final long FORGET_MILLIS = 600_000;
    private static final int LOCAL_LIMIT = 10_000;

    /** One source's wrong answers: how many, locked until when, the last one when. */
    record Failures(int count, long lockedUntil, long lastAt) implements Serializable {

        Failures next(long now) {
            int n = now - lastAt > FORGET_MILLIS ? 1 : count + 1;
            return new Failures(n, now + lockFor(n), now);
        }

        static Failures first(long now) {
            return new Failures(1, now + lockFor(1), now);
        }

        private static long lockFor(int count) {
            return count <= FREE_FAILURES ? 0 : Math.min(MAX_LOCK_MILLIS, 1000L << Math.min(20, count - FREE_FAILURES - 1));
        }
    }

    private final ConcurrentMap<String, Failures> bySource;
    private final boolean expiresItself;
    private final LongSupplier clock;

    private AdminLockout(ConcurrentMap<String, Failures> bySource, boolean expiresItself, LongSupplier clockMillis) {
        this.bySource = bySource;
        this.expiresItself = expiresItself;
        this.clock = clockMillis;
    }

    /** Shared by every signaling member of {@code hz}'s cluster. */
    public static AdminLockout shared(HazelcastInstance hz) {
        return new AdminLockout(hz.getMap(MAP_NAME), true, System::currentTimeMillis);
    }

    /** This process only (tests, and an admin API without a cluster). */
    public static AdminLockout local(LongSupplier clockMillis) {
        return new AdminLockout(new ConcurrentHashMap<>(), false, clockMillis);
    }

    /** The {@value #MAP_NAME} map: one backup, entries gone {@link #FORGET_MILLIS} after their last write. */
    public static void configure(Config config) {
        config.addMapConfig(new MapConfig(MAP_NAME).setBackupCount(1)
                .setTimeToLiveSeconds((int) (FORGET_MILLIS / 1000)));
    }

    /** Where a source stands: whether it has failures on record, and how long it must still wait (0: may try). */
    record Standing(boolean hasFailures, long waitMillis) {
        static final Standing CLEAN = new Standing(false, 0);
    }

    /** One read of the map per request. */
    Standing standing(String source) {
        Failures f = bySource.get(source);
        return f == null ? Standing.CLEAN : new Standing(true, Math.max(0, f.lockedUntil() - clock.getAsLong()));
    }

    long waitFor(String source) {
        return standing(source).waitMillis();
    }

    void failed(String source) {
        long now = clock.getAsLong();
        if (!expiresItself && bySource.size() > LOCAL_LIMIT) {
            bySource.values().removeIf(f -> now - f.lastAt() > FORGET_MILLIS);
        }
        // compute on an IMap is a compare-and-set loop: two members counting at once both count.
        bySource.compute(source, (s, f) -> f == null ? Failures.first(now) : f.next(now));
    }

    /** Forgets the source's failures; a clean {@code standing} saves the cluster round trip. */
    void succeeded(String source, Standing standing) {
        if (standing.hasFailures()) {
            bySource.remove(source);
        }
    }
}
