package io.switchboard.common.meeting;

import com.hazelcast.config.Config;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The only owner of the {@code rooms} map (room number -> {@link RoomDefinition}). Signaling
 * publishes what its database holds; meeting servers and call routing read the local copy that
 * entry events keep current, so no INVITE makes a cluster call to find a room.
 */
public final class RoomDefinitions {
    public static final String MAP = "rooms";

    private final IMap<String, RoomDefinition> map;
    private final Map<String, RoomDefinition> local = new ConcurrentHashMap<>();

    public RoomDefinitions(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
        map.addEntryListener(new Follower(), true);
        try {
            local.putAll(map);
        } catch (RuntimeException e) {
            // A lite member may start before any data member: the copy fills from events.
        }
    }

    public static void configure(Config config) {
        config.getMapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0);
    }

    /** The room a dialled number reaches: one local map read. */
    public Optional<RoomDefinition> byNumber(String number) {
        return Optional.ofNullable(local.get(number));
    }

    /** Every room, by number. */
    public List<RoomDefinition> all() {
        return local.values().stream().sorted(Comparator.comparing(RoomDefinition::number)).toList();
    }

    /** Publishes {@code room} (already stored in the database) to every node. */
    public void publish(RoomDefinition room) {
        map.set(room.number(), room);
        local.put(room.number(), room);
    }

    /** Withdraws a room that was deleted from the database. */
    public void withdraw(String number) {
        map.delete(number);
        local.remove(number);
    }

    private final class Follower implements EntryAddedListener<String, RoomDefinition>,
            EntryUpdatedListener<String, RoomDefinition>, EntryRemovedListener<String, RoomDefinition> {
        @Override
        public void entryAdded(EntryEvent<String, RoomDefinition> e) {
            local.put(e.getKey(), e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, RoomDefinition> e) {
            local.put(e.getKey(), e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, RoomDefinition> e) {
            local.remove(e.getKey());
        }
    }
}
