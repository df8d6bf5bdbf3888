package io.switchboard.common.meeting;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The only owner of the {@code room-parts} map (room number -> the meeting nodes holding part of the
 * open room, in the order they joined). The first is the hub: the others' trunks go to it. A node
 * adds itself when it opens its part and removes itself when the part empties; every change is a
 * compare-and-set, so two nodes never overwrite each other.
 */
public final class RoomParts {
    public static final String MAP = "room-parts";

    private final IMap<String, ArrayList<String>> map;

    public RoomParts(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
    }

    public static void configure(Config config) {
        config.getMapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0);
    }

    /** Adds {@code node} (when missing); returns the parts after, hub first. */
    public List<String> join(String room, String node) {
        while (true) {
            ArrayList<String> current = map.get(room);
            if (current == null) {
                ArrayList<String> first = new ArrayList<>(List.of(node));
                if (map.putIfAbsent(room, first) == null) {
                    return List.copyOf(first);
                }
            } else if (current.contains(node)) {
                return List.copyOf(current);
            } else {
                ArrayList<String> next = new ArrayList<>(current);
                next.add(node);
                if (map.replace(room, current, next)) {
                    return List.copyOf(next);
                }
            }
        }
    }

    /** Removes {@code node}; the map entry goes with the last part. */
    public void leave(String room, String node) {
        while (true) {
            ArrayList<String> current = map.get(room);
            if (current == null || !current.contains(node)) {
                return;
            }
            ArrayList<String> next = new ArrayList<>(current);
            next.remove(node);
            boolean done = next.isEmpty() ? map.remove(room, current) : map.replace(room, current, next);
            if (done) {
                return;
            }
        }
    }

    public List<String> of(String room) {
        ArrayList<String> current = map.get(room);
        return current == null ? List.of() : List.copyOf(current);
    }
}
