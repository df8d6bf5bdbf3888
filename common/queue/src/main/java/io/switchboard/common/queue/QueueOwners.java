package io.switchboard.common.queue;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClaimedOwners;

/**
 * The only owner of the {@code queue-owners} map (queue name -> node name): which queue node hosts
 * each queue, so that every caller of a queue reaches the same node and its order.
 */
public final class QueueOwners extends ClaimedOwners {
    public static final String MAP = "queue-owners";

    public QueueOwners(HazelcastInstance hz) {
        super(hz, MAP);
    }

    public static void configure(Config config) {
        configure(config, MAP);
    }
}
