package io.switchboard.signaling.group;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only owner of the {@code ring-groups} map (name → {@link RingGroup}). The database is the record;
 * every signaling member routes from a local copy kept by entry events, so a call to a group makes no
 * cluster call. The round-robin cursor is the member's own: only the active member places calls.
 */
public final class RingGroupBook {
    public static final String MAP = "ring-groups";

    private final IMap<String, RingGroup> map;
    private final Map<String, RingGroup> local;
    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();
    /** Number → group, rebuilt on each change (rare), read on every new INVITE (one map read). */
    private volatile Map<String, RingGroup> numbers = Map.of();

    public RingGroupBook(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
        this.local = io.switchboard.signaling.store.LocalCopy.of(map, this::reindex);
        reindex();
    }

    private void reindex() {
        Map<String, RingGroup> local = this.local;
        if (local == null) {
            return; // an event while the constructor builds the copy: its reindex() follows
        }
        Map<String, RingGroup> out = new java.util.HashMap<>();
        local.values().forEach(g -> out.put(g.number(), g));
        numbers = Map.copyOf(out);
    }

    /** The group whose number this is: one read of the local index. */
    public Optional<RingGroup> byNumber(String number) {
        return number == null ? Optional.empty() : Optional.ofNullable(numbers.get(number));
    }

    public Optional<RingGroup> byName(String name) {
        return Optional.ofNullable(local.get(name));
    }

    public Collection<RingGroup> all() {
        return List.copyOf(local.values());
    }

    /** The groups {@code extension} is a member of (its pickup groups). */
    public List<RingGroup> withMember(String extension) {
        return local.values().stream().filter(g -> g.members().contains(extension)).toList();
    }

    /** Where this call to {@code group} starts: its first member, or the next one round robin. */
    public int nextStart(RingGroup group) {
        if (group.strategy() != RingStrategy.ROUND_ROBIN || group.members().isEmpty()) {
            return 0;
        }
        return Math.floorMod(cursors.computeIfAbsent(group.name(), n -> new AtomicInteger()).getAndIncrement(),
                group.members().size());
    }

    void publish(RingGroup g) {
        map.set(g.name(), g);
        local.put(g.name(), g);
        reindex();
    }

    void remove(String name) {
        map.delete(name);
        local.remove(name);
        reindex();
    }

    /** Makes the map what the database holds (at start). */
    void replaceAll(List<RingGroup> stored) {
        for (String name : List.copyOf(map.keySet())) {
            if (stored.stream().noneMatch(g -> g.name().equals(name))) {
                remove(name);
            }
        }
        stored.forEach(this::publish);
    }
}
