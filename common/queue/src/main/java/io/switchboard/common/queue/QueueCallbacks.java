package io.switchboard.common.queue;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The only owner of the {@code queue-callbacks} map (queue/caller -> {@link PendingCallback}): the
 * callbacks each queue's host still has to make. Written by the host when a caller asks for one and
 * when it is made or given up; read by a node that takes the queue over. A few per queue at most.
 */
public final class QueueCallbacks {
    public static final String MAP = "queue-callbacks";

    private final Map<String, PendingCallback> map;

    public QueueCallbacks(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
    }

    private QueueCallbacks(Map<String, PendingCallback> map) {
        this.map = map;
    }

    /** Kept in this process only (tests, a node without cluster). */
    public static QueueCallbacks local() {
        return new QueueCallbacks(new ConcurrentHashMap<>());
    }

    public static void configure(Config config) {
        config.getMapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0);
    }

    public void save(PendingCallback callback) {
        map.put(callback.key(), callback);
    }

    public void forget(String queue, String id) {
        map.remove(queue + "/" + id);
    }

    /** The queue's pending callbacks, in line order. */
    public List<PendingCallback> of(String queue) {
        return map.values().stream().filter(c -> c.queue().equals(queue))
                .sorted(Comparator.comparingLong(PendingCallback::joinedAt)).toList();
    }

    /** Every pending callback of a deleted queue goes. */
    public void forgetQueue(String queue) {
        map.values().stream().filter(c -> c.queue().equals(queue)).map(PendingCallback::key).toList().forEach(map::remove);
    }
}
