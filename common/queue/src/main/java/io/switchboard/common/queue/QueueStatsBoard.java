package io.switchboard.common.queue;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Optional;

/** The only owner of the {@code queue-stats} map: each queue's host writes its figures, signaling's API reads them. */
public final class QueueStatsBoard {
    public static final String MAP = "queue-stats";

    private final IMap<String, QueueStats> map;

    public QueueStatsBoard(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
    }

    public static void configure(Config config) {
        // Lost with a member at worst: the host writes them again within a second.
        config.getMapConfig(MAP).setBackupCount(0).setAsyncBackupCount(1);
    }

    public void publish(QueueStats stats) {
        map.set(stats.queue(), stats);
    }

    public Optional<QueueStats> get(String queue) {
        return Optional.ofNullable(map.get(queue));
    }

    public void remove(String queue) {
        map.delete(queue);
    }
}
