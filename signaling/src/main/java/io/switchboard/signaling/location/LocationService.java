package io.switchboard.signaling.location;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The only owner of the {@code registrations} map (AOR -> {@link Bindings}). Entries carry a TTL
 * of their latest binding so Hazelcast forgets dead phones; reads filter expired bindings because
 * TTL expiry is swept lazily.
 *
 * <p>Updates are read-modify-write under a local lock stripe per AOR: only the active signaling
 * process (the one holding the VIP) writes, so a cluster-wide lock would buy nothing but latency.
 */
public final class LocationService {
    public static final String MAP = "registrations";
    private static final int STRIPES = 1024;
    private final IMap<String, Bindings> registrations;
    private final Clock clock;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public LocationService(HazelcastInstance hz, Clock clock) {
        this.registrations = hz.getMap(MAP);
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public static void configure(Config config) {
        config.getSerializationConfig().getSerializerConfigs().add(
                new SerializerConfig().setTypeClass(Bindings.class).setImplementation(new BindingsSerializer()));
        config.getMapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0);
    }

    public long now() {
        return clock.millis();
    }

    /** Live bindings of an AOR (possibly empty). */
    public Bindings lookup(String aor) {
        Bindings b = registrations.get(aor);
        return b == null ? Bindings.empty(aor) : b.live(now());
    }

    /**
     * Applies {@code change} to the live bindings of {@code aor} atomically for this process and
     * stores the result (or removes the entry when nothing is left). Returns the stored bindings.
     */
    public Bindings update(String aor, UnaryOperator<Bindings> change) {
        ReentrantLock lock = stripes[Math.floorMod(aor.hashCode(), STRIPES)];
        lock.lock();
        try {
            Bindings next = change.apply(lookup(aor)).live(now());
            // Asynchronous: the REGISTER is answered without waiting for the partition thread. Later
            // operations on the same key from this member queue behind it on the same partition, so a
            // lookup right after still reads this write.
            if (next.isEmpty()) {
                registrations.deleteAsync(aor);
            } else {
                long ttlMillis = next.latestExpiry() - now();
                registrations.setAsync(aor, next, Math.max(1, (ttlMillis + 999) / 1000), TimeUnit.SECONDS);
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        return registrations.size();
    }

    /** A page of live registrations ordered by AOR; {@code aor} filters to one. */
    public List<Bindings> page(Optional<String> aor, int offset, int limit) {
        if (aor.isPresent()) {
            Bindings b = lookup(aor.get());
            return b.isEmpty() ? List.of() : List.of(b);
        }
        long now = now();
        List<String> keys = new ArrayList<>(registrations.keySet());
        keys.sort(Comparator.naturalOrder());
        List<Bindings> out = new ArrayList<>();
        for (int i = offset; i < keys.size() && out.size() < limit; i++) {
            Bindings b = registrations.get(keys.get(i));
            if (b != null && !b.live(now).isEmpty()) {
                out.add(b.live(now));
            }
        }
        return out;
    }
}
