package io.switchboard.signaling.location;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.UUID;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only owner of the {@code registrations} map (AOR -> {@link Bindings}). The active signaling
 * member is the only writer, so its own copy is authoritative: lookups and updates run against a
 * local {@link ConcurrentHashMap} (no Hazelcast round trip on the REGISTER or INVITE path). A change
 * only marks its AOR; a replicator thread writes the marked AORs' current bindings to the cluster map
 * every {@link #REPLICATION_INTERVAL} in one batch ({@code setAll}, one operation per partition
 * instead of one per REGISTER: measured, a {@code setAsync} per REGISTER cost the partition threads
 * about 45 us of CPU per registration in a storm), with one backup, so a member that starts later (a
 * restart, the standby taking over) loads every live binding. A binding made in the last interval
 * before the member dies may be missing there; the phone's next REGISTER repairs it. Expired AORs are
 * dropped locally by {@link #sweep} and deleted from the cluster map by the same replicator.
 */
public final class LocationService implements AutoCloseable {
    public static final String MAP = "registrations";
    static final Duration REPLICATION_INTERVAL = Duration.ofMillis(50);
    private static final Logger LOG = LoggerFactory.getLogger(LocationService.class);
    private final IMap<String, Bindings> replica;
    private final ConcurrentHashMap<String, Bindings> local = new ConcurrentHashMap<>(1 << 16);
    /** AORs changed since the last replication (the value is unused). */
    private final ConcurrentHashMap<String, Boolean> changed = new ConcurrentHashMap<>(1 << 12);
    private final Clock clock;
    private final ScheduledExecutorService replicator;
    /** The entry listener while this member follows the active's writes (HA standby); null otherwise. */
    private volatile UUID following;

    /** Joins the map and takes over the bindings the cluster holds. */
    public LocationService(HazelcastInstance hz, Clock clock) {
        this.replica = hz.getMap(MAP);
        this.clock = clock;
        long now = now();
        for (Map.Entry<String, Bindings> e : replica.entrySet()) {
            Bindings live = e.getValue().live(now);
            if (!live.isEmpty()) {
                local.put(e.getKey(), live);
            } else {
                changed.put(e.getKey(), Boolean.TRUE); // expired while nobody swept: deleted by the first replication
            }
        }
        replicator = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "location-replicator");
            t.setDaemon(true);
            return t;
        });
        replicator.scheduleWithFixedDelay(this::replicate, REPLICATION_INTERVAL.toMillis(),
                REPLICATION_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
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
            stored[0] = next;
            return next.isEmpty() ? null : next;
        });
        changed.put(aor, Boolean.TRUE);
        return stored[0];
    }

    /** Drops AORs whose bindings all expired, here and (at the next replication) in the cluster; called periodically. */
    public void sweep() {
        long now = now();
        for (Map.Entry<String, Bindings> e : local.entrySet()) {
            // Removes an entry only if it is still the value tested, so a concurrent update wins.
            if (e.getValue().live(now).isEmpty() && local.remove(e.getKey(), e.getValue())) {
                changed.put(e.getKey(), Boolean.TRUE);
            }
        }
    }

    /**
     * Writes every AOR changed since the last run: its current bindings, or a delete when it has none.
     * One run at a time, each waiting for its batch, so two changes of one AOR reach the cluster in order.
     */
    void replicate() {
        if (changed.isEmpty()) {
            return;
        }
        Map<String, Bindings> puts = new HashMap<>();
        List<String> deletes = new ArrayList<>();
        for (String aor : changed.keySet()) {
            changed.remove(aor);
            Bindings b = local.get(aor);
            if (b == null) {
                deletes.add(aor);
            } else {
                puts.put(aor, b);
            }
        }
        try {
            List<CompletableFuture<?>> writes = new ArrayList<>();
            if (!puts.isEmpty()) {
                writes.add(replica.setAllAsync(puts).toCompletableFuture());
            }
            for (String aor : deletes) {
                writes.add(replica.deleteAsync(aor).toCompletableFuture());
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException
                 | HazelcastInstanceNotActiveException e) {
            // Marked again: the next run retries what this one could not write.
            puts.keySet().forEach(aor -> changed.put(aor, Boolean.TRUE));
            deletes.forEach(aor -> changed.put(aor, Boolean.TRUE));
            LOG.warn("replicating {} registrations to the cluster failed, retrying: {}", puts.size() + deletes.size(),
                    e.toString());
        }
    }

    /** Stops replicating after a last run (the member is shutting down). */
    @Override
    public void close() {
        replicator.shutdown();
        try {
            if (replicator.awaitTermination(2, TimeUnit.SECONDS)) {
                replicate();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("last replication at shutdown failed: {}", e.toString());
        }
    }

    /**
     * The standby of an HA pair: every write the active makes to the cluster map is applied to this
     * member's copy as it arrives, so a promotion finds every binding here and has nothing to load.
     * The listener is added before the catch-up read, so no write falls between the two.
     */
    public synchronized void follow() {
        if (following != null) {
            return;
        }
        following = replica.addEntryListener(new Follower(), true);
        long now = now();
        for (Map.Entry<String, Bindings> e : replica.entrySet()) {
            Bindings live = e.getValue().live(now);
            if (!live.isEmpty()) {
                local.put(e.getKey(), live);
            }
        }
    }

    /**
     * A standby merged back into the cluster after a partition: the writes made on the other side
     * never reached this member as events, and its listener may not have survived the merge. Follows
     * afresh, and makes this member's copy the cluster's: bindings the cluster no longer has go.
     */
    public synchronized void refollow() {
        if (following != null) {
            replica.removeEntryListener(following);
            following = null;
        }
        follow();
        java.util.Set<String> kept = replica.keySet();
        local.keySet().removeIf(aor -> !kept.contains(aor));
    }

    /**
     * The active of an HA pair after the two halves of a partitioned cluster merged: the merge kept
     * one half's entries (Hazelcast's choice, not ours), and may have brought back AORs this member
     * deleted meanwhile. Its copy is the authority: every binding is written again, and every AOR the
     * cluster has and this member does not is deleted, at the next replication.
     */
    public void republish() {
        for (String aor : replica.keySet()) {
            if (!local.containsKey(aor)) {
                changed.put(aor, Boolean.TRUE);
            }
        }
        local.keySet().forEach(aor -> changed.put(aor, Boolean.TRUE));
    }

    /** The active of an HA pair (or a promotion): this member's copy is the authority from now on. */
    public synchronized void lead() {
        if (following != null) {
            replica.removeEntryListener(following);
            following = null;
        }
    }

    /** Whether this member applies another member's writes (the standby of an HA pair). */
    public boolean following() {
        return following != null;
    }

    /** Applies the active's writes to the standby's copy. */
    private final class Follower implements EntryAddedListener<String, Bindings>, EntryUpdatedListener<String, Bindings>,
            EntryRemovedListener<String, Bindings>, EntryExpiredListener<String, Bindings>,
            EntryEvictedListener<String, Bindings> {
        @Override
        public void entryAdded(EntryEvent<String, Bindings> e) {
            local.put(e.getKey(), e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Bindings> e) {
            local.put(e.getKey(), e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, Bindings> e) {
            local.remove(e.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, Bindings> e) {
            local.remove(e.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, Bindings> e) {
            local.remove(e.getKey());
        }
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
