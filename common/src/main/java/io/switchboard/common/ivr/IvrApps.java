package io.switchboard.common.ivr;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * The only owner of the {@code ivr-apps} map (application name -> {@link IvrApp}). Written by the
 * admin API; read by signaling (which application a dialled number reaches) and the IVR servers.
 *
 * <p>Reads of one application go through a near cache holding the parsed object: the stored form
 * is YAML, and parsing it on every incoming call would cost more than the lookup. Applications are
 * few (tens), so {@link #byNumber} and {@link #all} scan the values. Call routing asks
 * {@link #routeNumber} instead, answered from a number index rebuilt at most once a second: a scan
 * (and YAML parse) of every application on every INVITE would tax every call, IVR or not.
 */
public final class IvrApps {
    public static final String MAP = "ivr-apps";
    private static final long INDEX_MAX_AGE_NANOS = 1_000_000_000L;
    private final IMap<String, IvrApp> apps;
    /** Number -> application, and when it was built; replaced whole, never mutated. */
    private volatile Map<String, IvrApp> numberIndex = Map.of();
    private volatile long indexBuiltAt = Long.MIN_VALUE / 2;

    public IvrApps(HazelcastInstance hz) {
        this.apps = hz.getMap(MAP);
    }

    /**
     * The application a dialled number reaches, for call routing: at most a second behind a change
     * made on another member; a change made through this object is seen at once.
     */
    public Optional<IvrApp> routeNumber(String number) {
        long now = System.nanoTime();
        if (now - indexBuiltAt > INDEX_MAX_AGE_NANOS) {
            Map<String, IvrApp> index = new HashMap<>();
            for (IvrApp app : apps.values()) {
                index.put(app.number(), app);
            }
            numberIndex = index;
            indexBuiltAt = now;
        }
        return Optional.ofNullable(numberIndex.get(number));
    }

    private void indexChanged() {
        indexBuiltAt = Long.MIN_VALUE / 2;
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
                    indexChanged();
                    return first;
                }
            } else {
                IvrApp next = app.withVersion(current.getValue().version() + 1);
                if (apps.replace(app.name(), current.getValue(), next)) {
                    indexChanged();
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
        indexChanged();
        return removed;
    }
}
