package io.switchboard.common.queue;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The only owner of the {@code queue-owners} map (queue name -> node name): which queue node hosts
 * each queue, so that every caller of a queue reaches the same node and its order. A node claims a
 * queue nobody hosts, and takes over one whose host is no longer online; both are compare-and-set,
 * so two nodes never both win.
 */
public final class QueueOwners {
    public static final String MAP = "queue-owners";

    private final IMap<String, String> map;
    /** Queue -> host as entry events keep it: call routing reads this, never the cluster. */
    private final Map<String, String> local = new java.util.concurrent.ConcurrentHashMap<>();

    public QueueOwners(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
        map.addEntryListener((com.hazelcast.map.listener.EntryAddedListener<String, String>) e -> local.put(e.getKey(), e.getValue()), true);
        map.addEntryListener((com.hazelcast.map.listener.EntryUpdatedListener<String, String>) e -> local.put(e.getKey(), e.getValue()), true);
        map.addEntryListener((com.hazelcast.map.listener.EntryRemovedListener<String, String>) e -> local.remove(e.getKey()), true);
        try {
            local.putAll(map);
        } catch (RuntimeException e) {
            // A lite member may start before any data member: the copy fills from events.
        }
    }

    /** The host of {@code queue} as this member last heard: a local read, for call routing. */
    public Optional<String> hostOf(String queue) {
        return Optional.ofNullable(local.get(queue));
    }

    public static void configure(Config config) {
        config.getMapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0);
    }

    public Optional<String> ownerOf(String queue) {
        return Optional.ofNullable(map.get(queue));
    }

    /**
     * Makes {@code node} the host of {@code queue} when nobody hosts it, or its host is not
     * {@code online}; returns the host after the attempt.
     */
    public String claim(String queue, String node, Predicate<String> online) {
        while (true) {
            String current = map.get(queue);
            if (current == null) {
                if (map.putIfAbsent(queue, node) == null) {
                    return node;
                }
            } else if (current.equals(node) || online.test(current)) {
                return current;
            } else if (map.replace(queue, current, node)) {
                return node;
            }
        }
    }

    /** Gives the queue up (node shutting down, queue deleted), if {@code node} still hosts it. */
    public void release(String queue, String node) {
        map.remove(queue, node);
    }

    public Map<String, String> all() {
        return Map.copyOf(map);
    }
}
