package io.switchboard.common.meeting;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClaimedOwners;

/**
 * The only owner of the {@code room-owners} map (room number -> meeting node name): the node that
 * hosts an open room, claimed by the node its first participant reached (signaling sends the first
 * one to the least loaded node) and given up when the room empties, so every participant of a
 * room reaches the same node.
 */
public final class RoomOwners extends ClaimedOwners {
    public static final String MAP = "room-owners";

    public RoomOwners(HazelcastInstance hz) {
        super(hz, MAP);
    }

    public static void configure(Config config) {
        configure(config, MAP);
    }
}
