package io.switchboard.signaling.store;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A member's local copy of a cluster map, kept current by its entry events, so the call path reads
 * a plain map and makes no cluster call. The map's owner (a "book") still writes the cluster map.
 */
public final class LocalCopy {
    private LocalCopy() {
    }

    /** A copy of {@code map} now and from now on; {@code changed} runs after every event (on Hazelcast's event thread). */
    public static <K, V> Map<K, V> of(IMap<K, V> map, Runnable changed) {
        Map<K, V> local = new ConcurrentHashMap<>();
        map.addEntryListener(new Follower<>(local, changed), true);
        local.putAll(map);
        return local;
    }

    private static final class Follower<K, V> implements EntryAddedListener<K, V>, EntryUpdatedListener<K, V>,
            EntryRemovedListener<K, V> {
        private final Map<K, V> local;
        private final Runnable changed;

        Follower(Map<K, V> local, Runnable changed) {
            this.local = local;
            this.changed = changed;
        }

        @Override
        public void entryAdded(EntryEvent<K, V> e) {
            local.put(e.getKey(), e.getValue());
            changed.run();
        }

        @Override
        public void entryUpdated(EntryEvent<K, V> e) {
            local.put(e.getKey(), e.getValue());
            changed.run();
        }

        @Override
        public void entryRemoved(EntryEvent<K, V> e) {
            local.remove(e.getKey());
            changed.run();
        }
    }
}
