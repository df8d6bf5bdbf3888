package io.switchboard.common.meeting;

import com.hazelcast.config.Config;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The only owner of the {@code room-trunks} map, how two parts of a cascaded room find each other's
 * trunk ports: a part that is not the hub offers its ports under {@code room|node}; the hub answers
 * with its own under {@code room|node|hub}. Each key is written by one node only, and removed by it
 * when its part closes (a dead node's are removed by the hub that drops it).
 */
public final class RoomTrunks {
    public static final String MAP = "room-trunks";
    private static final String HUB = "|hub";

    private final IMap<String, TrunkOffer> map;

    public RoomTrunks(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
    }

    public static void configure(Config config) {
        config.getMapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0);
    }

    /** A part's offer to the hub. */
    public void offer(TrunkOffer offer) {
        map.set(offer.room() + "|" + offer.node(), offer);
    }

    /** The hub's answer to part {@code part}'s offer. */
    public void answer(String part, TrunkOffer answer) {
        map.set(answer.room() + "|" + part + HUB, answer);
    }

    /** A part closes: its offer and the hub's answer to it go. */
    public void withdraw(String room, String part) {
        map.delete(room + "|" + part);
        map.delete(room + "|" + part + HUB);
    }

    /**
     * Calls {@code offered} with each offer made or changed (key without {@code |hub}), {@code answered}
     * with each hub answer and the part it answers; both from Hazelcast's event thread.
     */
    public UUID follow(java.util.function.Consumer<TrunkOffer> offered, BiConsumer<String, TrunkOffer> answered,
                       BiConsumer<String, String> withdrawn) {
        return map.addEntryListener(new Listener(offered, answered, withdrawn), true);
    }

    public void stopFollowing(UUID id) {
        map.removeEntryListener(id);
    }

    private record Listener(java.util.function.Consumer<TrunkOffer> offered, BiConsumer<String, TrunkOffer> answered,
                            BiConsumer<String, String> withdrawn)
            implements EntryAddedListener<String, TrunkOffer>, EntryUpdatedListener<String, TrunkOffer>,
            EntryRemovedListener<String, TrunkOffer> {
        @Override
        public void entryAdded(EntryEvent<String, TrunkOffer> e) {
            changed(e.getKey(), e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, TrunkOffer> e) {
            changed(e.getKey(), e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, TrunkOffer> e) {
            String key = e.getKey();
            if (!key.endsWith(HUB)) {
                int bar = key.indexOf('|');
                withdrawn.accept(key.substring(0, bar), key.substring(bar + 1));
            }
        }

        private void changed(String key, TrunkOffer value) {
            if (key.endsWith(HUB)) {
                String part = key.substring(key.indexOf('|') + 1, key.length() - HUB.length());
                answered.accept(part, value);
            } else {
                offered.accept(value);
            }
        }
    }
}
