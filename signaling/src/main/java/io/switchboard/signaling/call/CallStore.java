package io.switchboard.signaling.call;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only owner of the {@code calls} map and of its dialog index {@code call-dialogs} (Call-ID and
 * our tag of each leg -> the call's id), so that a signaling member that never saw a call can find
 * it from an in-dialog request after a takeover. Records carry a TTL (a day) so that a call whose
 * signaling died without cleaning up does not stay listed forever; its media session times out on
 * the media node on its own.
 *
 * <p>Writes are batched like the location service's: {@link #put} and {@link #remove} only queue,
 * and one thread writes what changed every {@link #INTERVAL} ({@code setAll}, one operation per
 * partition). Changes of one call within an interval collapse into the last, and a call that ends
 * before its first write never reaches the cluster: at 400 calls/s the per-call map operations cost
 * the partition and completion threads about 10 % of the process's CPU. A call answered less than an
 * interval before its member dies is not in the cluster, so it cannot be taken over.
 */
public final class CallStore implements AutoCloseable {
    public static final String MAP = "calls";
    public static final String DIALOGS = "call-dialogs";
    static final Duration INTERVAL = Duration.ofMillis(50);
    private static final int TTL_SECONDS = 24 * 3600;
    private static final Logger LOG = LoggerFactory.getLogger(CallStore.class);

    private final IMap<String, CallRecord> calls;
    private final IMap<String, String> dialogs;
    /** Changes in the order they were made; any thread adds, the writer alone drains. */
    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    /** Calls whose record is in the cluster: the writer's own, so it knows which ends need a delete. */
    private final Set<String> written = new HashSet<>();
    private final ScheduledExecutorService writer;

    /**
     * A put (record) or a remove (record null, last holding the legs whose index entries go);
     * {@code adopted}: the record is in the cluster already (a call taken over from a lost member).
     */
    private record Change(String id, CallRecord record, CallRecord last, boolean adopted) {
        Change(String id, CallRecord record, CallRecord last) {
            this(id, record, last, false);
        }
    }

    public CallStore(HazelcastInstance hz) {
        this.calls = hz.getMap(MAP);
        this.dialogs = hz.getMap(DIALOGS);
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "call-store-writer");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleWithFixedDelay(this::write, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String key(String callId, String localTag) {
        return callId + '\u0000' + localTag;
    }

    public static void configure(Config config) {
        config.getSerializationConfig().getSerializerConfigs().add(
                new SerializerConfig().setTypeClass(CallRecord.class).setImplementation(new CallRecordSerializer()));
        // setAll takes no TTL of its own: the maps carry it.
        config.addMapConfig(new MapConfig(MAP).setTimeToLiveSeconds(TTL_SECONDS));
        config.addMapConfig(new MapConfig(DIALOGS).setTimeToLiveSeconds(TTL_SECONDS));
    }

    /** The call's record as it is now; written with the next batch. Never blocks. */
    public void put(CallRecord record) {
        changes.add(new Change(record.id(), record, null));
    }

    /**
     * A call taken over from a lost member: its record is already in the cluster, so this member
     * rewrites it now and deletes it when the call ends, like one it wrote itself.
     */
    public void adopt(CallRecord record) {
        changes.add(new Change(record.id(), record, null, true));
    }

    /**
     * Deletes the record of a call nobody will end (a lost member's call that was still ringing) and
     * its dialog index entries, at once. Blocking; not for the call path.
     */
    public void forget(CallRecord r) {
        calls.delete(r.id());
        for (LegRecord leg : new LegRecord[] {r.legA(), r.legB()}) {
            if (leg != null) {
                dialogs.delete(key(leg.callId(), leg.localTag()));
            }
        }
    }

    /** The call ended: its record and the index entries of its last legs go (older legs' expire by TTL). */
    public void remove(CallRecord last) {
        changes.add(new Change(last.id(), null, last));
    }

    /** What the writer does with a batch: write it, keep it for the next run, or drop it. */
    public enum Gate { WRITE, HOLD, DROP }

    private volatile java.util.function.Supplier<Gate> gate = () -> Gate.WRITE;
    private boolean refusedLogged;

    /**
     * The HA pair's fencing, asked once per batch on the writer thread: a member just promoted holds
     * its batches until its epoch is claimed (the cluster may still be moving the lost member's
     * partitions); a replaced member drops them, since its view of the calls is stale.
     */
    public void gate(java.util.function.Supplier<Gate> gate) {
        this.gate = gate;
    }

    /** Changes of batches held back by the gate, oldest first; the writer thread's only. */
    private final List<Change> held = new ArrayList<>();

    /** The held changes first, then the newly queued ones, in order. */
    private Change nextChange(java.util.ArrayDeque<Change> heldFirst) {
        Change c = heldFirst.poll();
        return c != null ? c : changes.poll();
    }

    /** One batch: the queued changes, collapsed per call in order, then written. On the writer thread. */
    private void write() {
        try {
            Map<String, Change> batch = new LinkedHashMap<>();
            java.util.ArrayDeque<Change> queued = new java.util.ArrayDeque<>(held);
            held.clear();
            for (Change c = nextChange(queued); c != null; c = nextChange(queued)) {
                if (c.adopted()) {
                    written.add(c.id());
                }
                Change before = batch.get(c.id());
                if (c.record() == null && before != null && before.record() != null && !written.contains(c.id())) {
                    batch.remove(c.id()); // started and ended within one interval: never written
                } else {
                    batch.put(c.id(), c);
                }
            }
            if (!batch.isEmpty()) {
                Gate g = gate.get();
                if (g == Gate.HOLD) {
                    held.addAll(batch.values());
                    return;
                }
                if (g == Gate.DROP) {
                    if (!refusedLogged) {
                        LOG.warn("not writing {} call changes: this signaling member is not the pair's current active "
                                + "(fencing epoch)", batch.size());
                        refusedLogged = true;
                    }
                    held.clear();
                    return;
                }
                refusedLogged = false;
                flush(batch.values());
            }
        } catch (RuntimeException e) {
            // The next batch goes on; a lost write costs only a takeover of that call.
            LOG.warn("writing {} call changes to the cluster failed: {}", changes.size(), e.toString());
        }
    }

    private void flush(Iterable<Change> batch) {
        Map<String, CallRecord> puts = new HashMap<>();
        Map<String, String> index = new HashMap<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (Change c : batch) {
            if (c.record() != null) {
                puts.put(c.id(), c.record());
                for (LegRecord leg : new LegRecord[] {c.record().legA(), c.record().legB()}) {
                    if (leg != null && !leg.remoteTag().isEmpty()) {
                        index.put(key(leg.callId(), leg.localTag()), c.id());
                    }
                }
                written.add(c.id());
            } else if (written.remove(c.id())) {
                pending.add(calls.deleteAsync(c.id()).toCompletableFuture());
                for (LegRecord leg : new LegRecord[] {c.last().legA(), c.last().legB()}) {
                    if (leg != null) {
                        pending.add(dialogs.deleteAsync(key(leg.callId(), leg.localTag())).toCompletableFuture());
                    }
                }
            }
        }
        if (!puts.isEmpty()) {
            pending.add(calls.setAllAsync(puts).toCompletableFuture());
            pending.add(dialogs.setAllAsync(index).toCompletableFuture());
        }
        // Bounded wait, so batches do not pile up on a cluster that has stalled.
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("call changes not confirmed by the cluster: {}", e.toString());
        }
    }

    /**
     * The call one of whose dialogs has Call-ID {@code callId} and our tag {@code localTag}. Blocking
     * (two cluster reads): for tests and tools; call control uses {@link #findAsync}.
     */
    public Optional<CallRecord> find(String callId, String localTag) {
        String id = dialogs.get(key(callId, localTag));
        return id == null ? Optional.empty() : Optional.ofNullable(calls.get(id));
    }

    /** {@link #find} without blocking: two reads, the dialog index then the call; completes on a Hazelcast thread. */
    public CompletableFuture<Optional<CallRecord>> findAsync(String callId, String localTag) {
        return dialogs.getAsync(key(callId, localTag)).toCompletableFuture().thenCompose(id -> id == null
                ? CompletableFuture.completedFuture(Optional.<CallRecord>empty())
                : calls.getAsync(id).toCompletableFuture().thenApply(Optional::ofNullable));
    }

    public int size() {
        return calls.size();
    }

    /** Whether the call {@code callId} is listed in the cluster (one cluster read; a call younger than a write interval may not be yet). */
    public boolean isListed(String callId) {
        return calls.containsKey(callId);
    }

    /** The call {@code id} (its A leg's Call-ID) as the cluster holds it: one blocking read, for the admin API. */
    public Optional<CallRecord> get(String id) {
        return Optional.ofNullable(calls.get(id));
    }

    public List<CallRecord> all() {
        return calls.values().stream().sorted(Comparator.comparingLong(CallRecord::startedAt)).toList();
    }

    /** Writes what is queued (a graceful stop leaves its answered calls to the cluster), then stops. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (writer.awaitTermination(5, TimeUnit.SECONDS)) {
                write();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
