package io.switchboard.signaling.call;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The only owner of the {@code calls} map and of its dialog index {@code call-dialogs} (Call-ID and
 * our tag of each leg -> the call's id), so that a signaling member that never saw a call can find
 * it from an in-dialog request after a takeover. Records carry a TTL (a day) so that a call whose
 * signaling died without cleaning up does not stay listed forever; its media session times out on
 * the media node on its own.
 */
public final class CallStore {
    public static final String MAP = "calls";
    public static final String DIALOGS = "call-dialogs";
    private static final long TTL_HOURS = 24;
    private final IMap<String, CallRecord> calls;
    private final IMap<String, String> dialogs;

    public CallStore(HazelcastInstance hz) {
        this.calls = hz.getMap(MAP);
        this.dialogs = hz.getMap(DIALOGS);
    }

    private static String key(String callId, String localTag) {
        return callId + '\u0000' + localTag;
    }

    public static void configure(Config config) {
        config.getSerializationConfig().getSerializerConfigs().add(
                new SerializerConfig().setTypeClass(CallRecord.class).setImplementation(new CallRecordSerializer()));
    }

    /** Asynchronous: the call path never waits on a backup write. Indexes each leg's dialog. */
    public void put(CallRecord record) {
        calls.setAsync(record.id(), record, TTL_HOURS, TimeUnit.HOURS);
        for (LegRecord leg : new LegRecord[] {record.legA(), record.legB()}) {
            if (leg != null && !leg.remoteTag().isEmpty()) {
                dialogs.setAsync(key(leg.callId(), leg.localTag()), record.id(), TTL_HOURS, TimeUnit.HOURS);
            }
        }
    }

    /** The call ended: its record and the index entries of its last legs go (older legs' expire by TTL). */
    public void remove(CallRecord last) {
        calls.deleteAsync(last.id());
        for (LegRecord leg : new LegRecord[] {last.legA(), last.legB()}) {
            if (leg != null) {
                dialogs.deleteAsync(key(leg.callId(), leg.localTag()));
            }
        }
    }

    /**
     * The call one of whose dialogs has Call-ID {@code callId} and our tag {@code localTag}. Blocking
     * (two cluster reads): only for an in-dialog request of a call this member does not know, on a worker.
     */
    public Optional<CallRecord> find(String callId, String localTag) {
        String id = dialogs.get(key(callId, localTag));
        return id == null ? Optional.empty() : Optional.ofNullable(calls.get(id));
    }

    /** {@link #find} without blocking: two reads, the dialog index then the call; completes on a Hazelcast thread. */
    public java.util.concurrent.CompletableFuture<Optional<CallRecord>> findAsync(String callId, String localTag) {
        return dialogs.getAsync(key(callId, localTag)).toCompletableFuture().thenCompose(id -> id == null
                ? java.util.concurrent.CompletableFuture.completedFuture(Optional.<CallRecord>empty())
                : calls.getAsync(id).toCompletableFuture().thenApply(Optional::ofNullable));
    }

    public int size() {
        return calls.size();
    }

    public List<CallRecord> all() {
        return calls.values().stream().sorted(Comparator.comparingLong(CallRecord::startedAt)).toList();
    }
}
