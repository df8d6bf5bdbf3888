package io.switchboard.common.queue;

import com.hazelcast.config.Config;

/** The queue maps' (and the {@code queue-calls} queue's) configuration, applied by every member that uses them. */
public final class QueueMaps {
    private QueueMaps() {
    }

    public static void configure(Config config) {
        QueueDefinitions.configure(config);
        QueueAgents.configure(config);
        QueueOwners.configure(config);
        QueueStatsBoard.configure(config);
        QueueCallbacks.configure(config);
        BusyAgents.configure(config);
        QueueCallLog.configure(config);
    }
}
