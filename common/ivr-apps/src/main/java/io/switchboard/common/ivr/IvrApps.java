package io.switchboard.common.ivr;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.Comparator;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The only owner of the {@code ivr-apps} map (application name -> {@link IvrApp}). Written by the
 * admin API; read by signaling (which application a dialled number reaches) and the IVR servers.
 *
 * <p>Reads of one application go through a near cache holding the parsed object: the stored form
 * is YAML, and parsing it on every incoming call would cost more than the lookup. Applications are
 * few (tens), so {@link #byNumber} and {@link #all} scan the values. Call routing asks
 * {@link #routeNumber} instead, answered from a number index that entry events keep current: no
 * scan, parse or Hazelcast call on any INVITE.
 */
public final class IvrApps {
    public static final String MAP = "ivr-apps";
    private final IMap<String, IvrApp> apps;
    /** Number -> application; changed by this object's writes at once and by every member's through events. */
    private final Map<String, IvrApp> numberIndex = new ConcurrentHashMap<>();

    public IvrApps(HazelcastInstance hz) {
        this.apps = hz.getMap(MAP);
        apps.addEntryListener(new IndexUpdater(), true);
        try {
            apps.values().forEach(this::indexed);
        } catch (RuntimeException e) {
            // A worker (lite member) may start before any data member: the index fills from events.
        }
    }

    /** The application a dialled number reaches, for call routing: one local map read. */
    public Optional<IvrApp> routeNumber(String number) {
        return Optional.ofNullable(numberIndex.get(number));
    }

    private void indexed(IvrApp app) {
        unindexed(app.name());
        numberIndex.put(app.number(), app);
    }

    private void unindexed(String name) {
        numberIndex.values().removeIf(a -> a.name().equals(name));
    }

    private final class IndexUpdater implements EntryAddedListener<String, IvrApp>, EntryUpdatedListener<String, IvrApp>,
            EntryRemovedListener<String, IvrApp>, EntryEvictedListener<String, IvrApp>, EntryExpiredListener<String, IvrApp> {
        @Override
        public void entryAdded(EntryEvent<String, IvrApp> e) {
            newer(e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, IvrApp> e) {
            newer(e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, IvrApp> e) {
            unindexed(e.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, IvrApp> e) {
            unindexed(e.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, IvrApp> e) {
            unindexed(e.getKey());
        }

        /** An event older than what this object wrote itself must not undo it. */
        private void newer(IvrApp app) {
            IvrApp known = numberIndex.values().stream().filter(a -> a.name().equals(app.name())).findFirst().orElse(null);
            if (known == null || known.version() <= app.version()) {
                indexed(app);
            }
        }
    }

    public static void configure(Config config) {
        config.getSerializationConfig().getSerializerConfigs().add(
                new SerializerConfig().setTypeClass(IvrApp.class).setImplementation(new IvrAppSerializer()));
        NearCacheConfig nearCache = new NearCacheConfig(MAP)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setCacheLocalEntries(true)
                .setInvalidateOnChange(true)
                .setEvictionConfig(new EvictionConfig().setSize(10_000));
        config.getMapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0).setNearCacheConfig(nearCache);
    }

    /**
     * Stores {@code app} as the next revision of its name (1 when new) and returns what was stored.
     *
     * @throws IvrNumberTakenException when another application already answers on its number
     */
    public IvrApp put(IvrApp app) {
        while (true) {
            Optional<IvrApp> other = byNumber(app.number()).filter(a -> !a.name().equals(app.name()));
            if (other.isPresent()) {
                throw new IvrNumberTakenException(app.number(), other.get().name());
            }
            // The entry view comes from the partition owner, never from the near cache, which may
            // lag behind a write from another member and would make the replace below spin.
            EntryView<String, IvrApp> current = apps.getEntryView(app.name());
            if (current == null) {
                IvrApp first = app.withVersion(1);
                if (apps.putIfAbsent(app.name(), first) == null) {
                    indexed(first);
                    return first;
                }
            } else {
                IvrApp next = app.withVersion(current.getValue().version() + 1);
                if (apps.replace(app.name(), current.getValue(), next)) {
                    indexed(next);
                    return next;
                }
            }
        }
    }

    public Optional<IvrApp> get(String name) {
        return Optional.ofNullable(apps.get(name));
    }

    /** The application a caller reaches by dialling {@code number}. */
    public Optional<IvrApp> byNumber(String number) {
        return apps.values().stream().filter(a -> a.number().equals(number)).findFirst();
    }

    /** Every application, by name. */
    public List<IvrApp> all() {
        return apps.values().stream().sorted(Comparator.comparing(IvrApp::name)).toList();
    }

    /** False when there was no such application. */
    public boolean delete(String name) {
        boolean removed = apps.remove(name) != null;
        unindexed(name);
        return removed;
    }
}
