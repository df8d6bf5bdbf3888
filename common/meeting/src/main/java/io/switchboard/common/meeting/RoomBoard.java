package io.switchboard.common.meeting;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The only owner of the {@code room-live} map (room number -> {@link RoomState}), written by the
 * meeting node hosting each room and read by the admin API. Entries live 30 s unless refreshed, so
 * a node that dies leaves no room shown open for long.
 */
public final class RoomBoard {
    public static final String MAP = "room-live";
    static final int TTL_SECONDS = 30;

    private final IMap<String, RoomState> map;

    public RoomBoard(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
    }

    public static void configure(Config config) {
        config.getMapConfig(MAP).setBackupCount(0).setAsyncBackupCount(1);
    }

    /** The hosting node's view, published off the media path. */
    public void publish(RoomState state) {
        map.setAsync(state.number(), state, TTL_SECONDS, TimeUnit.SECONDS);
    }

    public void closed(String number) {
        map.deleteAsync(number);
    }

    public Optional<RoomState> get(String number) {
        return Optional.ofNullable(map.get(number));
    }
}
