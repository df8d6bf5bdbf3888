package io.switchboard.common.queue;

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
 * The only owner of the {@code queues} map (queue name -> {@link QueueDefinition}). Signaling
 * publishes here what its database holds (the database is the record; the map is how every node
 * sees it); queue servers and call routing read the local copy that entry events keep current, so
 * no INVITE makes a Hazelcast call to find a queue.
 */
public final class QueueDefinitions {
    public static final String MAP = "queues";

    private final IMap<String, QueueDefinition> map;
    private final Map<String, QueueDefinition> byName = new ConcurrentHashMap<>();
    private final Map<String, QueueDefinition> byNumber = new ConcurrentHashMap<>();
    /** Extension -> names of the queues it is an agent of. */
    private final Map<String, java.util.Set<String>> agentQueues = new ConcurrentHashMap<>();

    public QueueDefinitions(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
        map.addEntryListener(new Follower(), true);
        try {
            map.values().forEach(this::indexed);
        } catch (RuntimeException e) {
            // A lite member may start before any data member: the copy fills from events.
        }
    }

    public static void configure(Config config) {
        config.getMapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0);
    }

    /** The queue a dialled number reaches: one local map read. */
    public Optional<QueueDefinition> byNumber(String number) {
        return Optional.ofNullable(byNumber.get(number));
    }

    public Optional<QueueDefinition> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every queue, by name. */
    public List<QueueDefinition> all() {
        return byName.values().stream().sorted(Comparator.comparing(QueueDefinition::name)).toList();
    }

    /** The queues {@code extension} is an agent of, by name. */
    public List<QueueDefinition> ofAgent(String extension) {
        java.util.Set<String> names = agentQueues.get(extension);
        if (names == null) {
            return List.of();
        }
        return names.stream().map(byName::get).filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparing(QueueDefinition::name)).toList();
    }

    /** Whether {@code extension} is an agent of any queue: one local read, asked at every answered call's start and end. */
    public boolean isAgent(String extension) {
        java.util.Set<String> names = agentQueues.get(extension);
        return names != null && !names.isEmpty();
    }

    /** Publishes {@code queue} (already stored in the database) to every node. */
    public void publish(QueueDefinition queue) {
        map.set(queue.name(), queue);
        indexed(queue);
    }

    /** Withdraws a queue that was deleted from the database. */
    public void withdraw(String name) {
        map.delete(name);
        unindexed(name);
    }

    /** New entries first, then the old ones' leftovers: a reader never sees the queue missing meanwhile. */
    private synchronized void indexed(QueueDefinition q) {
        QueueDefinition old = byName.put(q.name(), q);
        byNumber.put(q.number(), q);
        for (QueueMember m : q.members()) {
            agentQueues.computeIfAbsent(m.extension(), e -> ConcurrentHashMap.newKeySet()).add(q.name());
        }
        if (old != null) {
            if (!old.number().equals(q.number())) {
                byNumber.remove(old.number(), old); // renumbered (an equal record must not remove the new entry)
            }
            for (QueueMember m : old.members()) {
                if (q.member(m.extension()).isEmpty()) {
                    dropAgent(m.extension(), q.name());
                }
            }
        }
    }

    private void dropAgent(String extension, String queue) {
        agentQueues.computeIfPresent(extension, (e, names) -> {
            names.remove(queue);
            return names.isEmpty() ? null : names;
        });
    }

    private synchronized void unindexed(String name) {
        QueueDefinition old = byName.remove(name);
        if (old != null) {
            byNumber.remove(old.number(), old);
            for (QueueMember m : old.members()) {
                dropAgent(m.extension(), name);
            }
        }
    }

    private final class Follower implements EntryAddedListener<String, QueueDefinition>,
            EntryUpdatedListener<String, QueueDefinition>, EntryRemovedListener<String, QueueDefinition> {
        @Override
        public void entryAdded(EntryEvent<String, QueueDefinition> e) {
            indexed(e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, QueueDefinition> e) {
            indexed(e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, QueueDefinition> e) {
            unindexed(e.getKey());
        }
    }
}
