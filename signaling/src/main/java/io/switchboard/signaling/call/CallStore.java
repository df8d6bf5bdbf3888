package io.switchboard.signaling.call;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The only owner of the {@code calls} map. Records carry a TTL (a day) so that a call whose
 * signaling died without cleaning up does not stay listed forever; its media session times out on
 * the media node on its own.
 */
public final class CallStore {
    public static final String MAP = "calls";
    private static final long TTL_HOURS = 24;
    private final IMap<String, CallRecord> calls;

    public CallStore(HazelcastInstance hz) {
        this.calls = hz.getMap(MAP);
    }

    public static void configure(Config config) {
        config.getSerializationConfig().getSerializerConfigs().add(
                new SerializerConfig().setTypeClass(CallRecord.class).setImplementation(new CallRecordSerializer()));
    }

    /** Asynchronous: the call path never waits on a backup write. */
    public void put(CallRecord record) {
        calls.setAsync(record.id(), record, TTL_HOURS, TimeUnit.HOURS);
    }

    public void remove(String id) {
        calls.deleteAsync(id);
    }

    public int size() {
        return calls.size();
    }

    public List<CallRecord> all() {
        return calls.values().stream().sorted(Comparator.comparingLong(CallRecord::startedAt)).toList();
    }
}
