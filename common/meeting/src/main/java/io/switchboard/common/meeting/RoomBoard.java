package io.switchboard.common.meeting;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The only owner of the {@code room-live} map ({@code room|node} -> {@link RoomState}): each meeting
 * node holding a part of an open room writes its part's state there, about once a second; the admin
 * API reads the room as one, its parts merged (the hub's node and recording, every part's
 * participants). Entries live 30 s unless refreshed, so a node that dies leaves no part shown for long.
 */
public final class RoomBoard {
    public static final String MAP = "room-live";
    static final int TTL_SECONDS = 30;

    private final IMap<String, RoomState> map;
    private final RoomParts parts;

    public RoomBoard(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
        this.parts = new RoomParts(hz);
    }

    public static void configure(Config config) {
        config.getMapConfig(MAP).setBackupCount(0).setAsyncBackupCount(1);
    }

    /** A part's state, published off the media path. */
    public void publish(RoomState state) {
        map.setAsync(key(state.number(), state.node()), state, TTL_SECONDS, TimeUnit.SECONDS);
    }

    /** The part of {@code number} on {@code node} closed. */
    public void closed(String number, String node) {
        map.deleteAsync(key(number, node));
    }

    /** The open room: its parts' states merged, the first part's (the hub's) node, lock and recording first. */
    public Optional<RoomState> get(String number) {
        List<String> nodes = parts.of(number);
        if (nodes.isEmpty()) {
            return Optional.empty();
        }
        Set<String> keys = new HashSet<>();
        nodes.forEach(n -> keys.add(key(number, n)));
        Map<String, RoomState> found = map.getAll(keys);
        RoomState first = null;
        List<RoomParticipant> everyone = new ArrayList<>();
        boolean locked = false;
        long updated = 0;
        for (String n : nodes) {
            RoomState s = found.get(key(number, n));
            if (s == null) {
                continue;
            }
            if (first == null) {
                first = s;
            }
            everyone.addAll(s.participants());
            locked |= s.locked();
            updated = Math.max(updated, s.updatedAt());
        }
        return first == null ? Optional.empty()
                : Optional.of(new RoomState(number, first.node(), everyone, locked, first.recording(), updated));
    }

    private static String key(String number, String node) {
        return number + "|" + node;
    }
}
