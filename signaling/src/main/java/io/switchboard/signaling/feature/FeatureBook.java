package io.switchboard.signaling.feature;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.List;
import java.util.Map;

/**
 * The only owner of the {@code call-features} map (extension → {@link CallFeatures}, users with any
 * feature set only). The database is the record; every signaling member reads the local copy entry
 * events keep current, so routing a call makes no cluster call.
 */
public final class FeatureBook {
    public static final String MAP = "call-features";

    private final IMap<String, CallFeatures> map;
    private final Map<String, CallFeatures> local;

    public FeatureBook(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
        this.local = io.switchboard.signaling.store.LocalCopy.of(map, () -> { });
    }

    /** The user's features: one local map read. */
    public CallFeatures of(String extension) {
        CallFeatures f = local.get(extension);
        return f == null ? CallFeatures.none(extension) : f;
    }

    void publish(CallFeatures f) {
        if (f.isDefault()) {
            map.delete(f.extension());
            local.remove(f.extension());
        } else {
            map.set(f.extension(), f);
            local.put(f.extension(), f);
        }
    }

    /** Makes the map what the database holds (at start). */
    void replaceAll(List<CallFeatures> stored) {
        for (String ext : List.copyOf(map.keySet())) {
            if (stored.stream().noneMatch(f -> f.extension().equals(ext))) {
                map.delete(ext);
                local.remove(ext);
            }
        }
        stored.forEach(this::publish);
    }
}
