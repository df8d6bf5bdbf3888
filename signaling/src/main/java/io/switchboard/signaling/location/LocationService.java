package io.switchboard.signaling.location;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The only owner of the {@code registrations} map (AOR -> {@link Bindings}). The active signaling
 * member is the only writer, so its own copy is authoritative: lookups and updates run against a
 * local {@link ConcurrentHashMap} (no Hazelcast round trip on the REGISTER or INVITE path) and every
 * change is replicated to the cluster map asynchronously, ordered per AOR, with one backup, so a
 * member that starts later (a restart, the standby taking over) loads every live binding. Cluster
 * entries carry the TTL of their latest binding so Hazelcast forgets dead phones; the local copy is
 * filtered on read and swept by {@link #sweep}.
 */
public final class LocationService {
    public static final String MAP = "registrations";
    private final IMap<String, Bindings> replica;
    private final ConcurrentHashMap<String, Bindings> local = new ConcurrentHashMap<>();
    private final Clock clock;

    /** Joins the map and takes over the bindings the cluster holds. */
    public LocationService(HazelcastInstance hz, Clock clock) {
        this.replica = hz.getMap(MAP);
        this.clock = clock;
        long now = now();
        for (Map.Entry<String, Bindings> e : replica.entrySet()) {
            Bindings live = e.getValue().live(now);
            if (!live.isEmpty()) {
                local.put(e.getKey(), live);
            }
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

    /** Live bindings of an AOR (possibly empty). Never blocks. */
    public Bindings lookup(String aor) {
        Bindings b = local.get(aor);
        return b == null ? Bindings.empty(aor) : b.live(now());
    }

    /**
     * Applies {@code change} to the live bindings of {@code aor} atomically and stores the result (or
     * removes the entry when nothing is left). Returns the stored bindings. An exception from
     * {@code change} leaves the bindings as they were. Never blocks on the cluster.
     */
    public Bindings update(String aor, UnaryOperator<Bindings> change) {
        Bindings[] stored = new Bindings[1];
        local.compute(aor, (key, old) -> {
            long now = now();
            Bindings next = change.apply(old == null ? Bindings.empty(aor) : old.live(now)).live(now);
            // Issued inside compute, so two changes of one AOR reach the partition in the order they
            // were made here; the call only queues the operation.
            if (next.isEmpty()) {
                replica.deleteAsync(aor);
            } else {
                long ttlMillis = next.latestExpiry() - now;
                replica.setAsync(aor, next, Math.max(1, (ttlMillis + 999) / 1000), TimeUnit.SECONDS);
            }
            stored[0] = next;
            return next.isEmpty() ? null : next;
        });
        return stored[0];
    }

    /** Drops AORs whose bindings all expired (the cluster copy expires by its TTL); called periodically. */
    public void sweep() {
        long now = now();
        // Removes an entry only if it is still the value tested, so a concurrent update wins.
        local.values().removeIf(b -> b.live(now).isEmpty());
    }

    /** AORs with bindings (expired ones count until the next sweep). */
    public int size() {
        return local.size();
    }

    /** A page of live registrations ordered by AOR; {@code aor} filters to one. */
    public List<Bindings> page(Optional<String> aor, int offset, int limit) {
        if (aor.isPresent()) {
            Bindings b = lookup(aor.get());
            return b.isEmpty() ? List.of() : List.of(b);
        }
        long now = now();
        List<String> keys = new ArrayList<>(local.keySet());
        keys.sort(Comparator.naturalOrder());
        List<Bindings> out = new ArrayList<>();
        for (int i = offset; i < keys.size() && out.size() < limit; i++) {
            Bindings b = local.get(keys.get(i));
            if (b != null && !b.live(now).isEmpty()) {
                out.add(b.live(now));
            }
        }
        return out;
    }
}
