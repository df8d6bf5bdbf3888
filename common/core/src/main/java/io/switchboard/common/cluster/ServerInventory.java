package io.switchboard.common.cluster;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@code servers} map (server name -> {@link ServerRecord}): the worker servers the operator
 * added. Signaling alone writes it, publishing what its database holds; every node reads the local
 * copy entry events keep current, so placing a call makes no cluster call.
 */
public final class ServerInventory {
    public static final String MAP = "servers";

    private final IMap<String, ServerRecord> map;
    private final Map<String, ServerRecord> local = new ConcurrentHashMap<>();
    private final List<Consumer<String>> followers = new CopyOnWriteArrayList<>();

    public ServerInventory(HazelcastInstance hz) {
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

    public Optional<ServerRecord> find(String name) {
        return Optional.ofNullable(local.get(name));
    }

    /** Every server, by name. */
    public List<ServerRecord> all() {
        return local.values().stream().sorted(Comparator.comparing(ServerRecord::name)).toList();
    }

    /** Whether a node of this name and role may be given work: in the inventory, that type, enabled. */
    public boolean admits(String name, String role) {
        ServerRecord r = local.get(name);
        return r != null && r.enabled() && r.type().role().equals(role);
    }

    /** Calls {@code changed} with a server's name whenever its entry is added, changed or removed. */
    public void follow(Consumer<String> changed) {
        followers.add(changed);
    }

    /** Publishes {@code server} (already stored in the database) to every node. */
    public void publish(ServerRecord server) {
        map.set(server.name(), server);
        put(server);
    }

    /** Withdraws a server deleted from the database. */
    public void withdraw(String name) {
        map.delete(name);
        remove(name);
    }

    private void put(ServerRecord r) {
        if (!r.equals(local.put(r.name(), r))) {
            followers.forEach(f -> f.accept(r.name()));
        }
    }

    private void remove(String name) {
        if (local.remove(name) != null) {
            followers.forEach(f -> f.accept(name));
        }
    }

    private final class Follower implements EntryAddedListener<String, ServerRecord>,
            EntryUpdatedListener<String, ServerRecord>, EntryRemovedListener<String, ServerRecord> {
        @Override
        public void entryAdded(EntryEvent<String, ServerRecord> e) {
            put(e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, ServerRecord> e) {
            put(e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, ServerRecord> e) {
            remove(e.getKey());
        }
    }
}
