package io.switchboard.signaling.directory;

import com.hazelcast.map.MapStore;
import java.util.Collection;
import java.util.Map;

/**
 * Read-through, write-through storage of the {@code users} map in the user database. Hazelcast
 * 5.7 open source has no generic JDBC MapStore (its SQL mapping is Enterprise), hence this class.
 */
public final class UserMapStore implements MapStore<String, SipUser> {

    private final UserStore store;

    public UserMapStore(UserStore store) {
        this.store = store;
    }

    @Override
    public SipUser load(String extension) {
        return store.find(extension).orElse(null);
    }

    @Override
    public Map<String, SipUser> loadAll(Collection<String> extensions) {
        return store.findAll(extensions);
    }

    /**
     * Null: nothing is loaded at start. With a million users a full preload would cost minutes
     * and most of the heap; users are read on demand and kept near the registrar instead.
     */
    @Override
    public Iterable<String> loadAllKeys() {
        return null;
    }

    @Override
    public void store(String extension, SipUser user) {
        store.upsert(user);
    }

    @Override
    public void storeAll(Map<String, SipUser> users) {
        store.upsertAll(users.values());
    }

    @Override
    public void delete(String extension) {
        store.delete(extension);
    }

    @Override
    public void deleteAll(Collection<String> extensions) {
        store.deleteAll(extensions);
    }
}
