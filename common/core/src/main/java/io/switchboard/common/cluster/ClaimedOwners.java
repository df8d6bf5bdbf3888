package io.switchboard.common.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A map of key -> node name where each key (a queue, a room) is hosted by one worker node at a
 * time, so every call for it reaches the same node. A node claims a key nobody hosts, or takes over
 * one whose host is no longer online; both are compare-and-set, so two nodes never both win. Call
 * routing reads the local copy that entry events keep, never the cluster.
 */
public class ClaimedOwners {
    private final IMap<String, String> map;
    private final Map<String, String> local = new ConcurrentHashMap<>();

    protected ClaimedOwners(HazelcastInstance hz, String mapName) {
        this.map = hz.getMap(mapName);
        map.addEntryListener((EntryAddedListener<String, String>) e -> local.put(e.getKey(), e.getValue()), true);
        map.addEntryListener((EntryUpdatedListener<String, String>) e -> local.put(e.getKey(), e.getValue()), true);
        map.addEntryListener((EntryRemovedListener<String, String>) e -> local.remove(e.getKey()), true);
        try {
            local.putAll(map);
        } catch (RuntimeException e) {
            // A lite member may start before any data member: the copy fills from events.
        }
    }

    protected static void configure(Config config, String mapName) {
        config.getMapConfig(mapName).setBackupCount(1).setAsyncBackupCount(0);
    }

    /** The host of {@code key} as this member last heard: a local read, for call routing. */
    public Optional<String> hostOf(String key) {
        return Optional.ofNullable(local.get(key));
    }

    public Optional<String> ownerOf(String key) {
        return Optional.ofNullable(map.get(key));
    }

    /**
     * Makes {@code node} the host of {@code key} when nobody hosts it, or its host is not
     * {@code online}; returns the host after the attempt.
     */
    public String claim(String key, String node, Predicate<String> online) {
        while (true) {
            String current = map.get(key);
            if (current == null) {
                if (map.putIfAbsent(key, node) == null) {
                    return node;
                }
            } else if (current.equals(node) || online.test(current)) {
                return current;
            } else if (map.replace(key, current, node)) {
                return node;
            }
        }
    }

    /** Moves the key from {@code from} to {@code to} if {@code from} still holds it (compare-and-set). */
    public boolean handOver(String key, String from, String to) {
        return map.replace(key, from, to);
    }

    /** Gives the key up (node shutting down, key deleted, room empty), if {@code node} still hosts it. */
    public void release(String key, String node) {
        map.remove(key, node);
    }

    public Map<String, String> all() {
        return Map.copyOf(map);
    }
}
