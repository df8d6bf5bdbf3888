package io.switchboard.common.meeting;

import com.hazelcast.config.Config;

/** The meeting maps' configuration, applied by every member that uses them. */
public final class RoomMaps {
    private RoomMaps() {
    }

    public static void configure(Config config) {
        RoomDefinitions.configure(config);
        RoomOwners.configure(config);
        RoomBoard.configure(config);
        RoomParts.configure(config);
        RoomTrunks.configure(config);
    }
}
