package io.switchboard.signaling.directory;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every signaling member's own copy of the users' digest credentials, loaded from the database in
 * one query at start-up, so that authenticating a REGISTER or an INVITE is a local map read: a
 * fresh process in a registration storm makes no per-user database or cluster round trip (the
 * {@code users} map's near cache fills one miss at a time, each a MapStore load on a partition
 * thread). Up to {@code capacity} users are held; the others are read through the directory on
 * first use and kept while there is room.
 *
 * <p>Kept true by the directory's change topic ({@link UserDirectory#CHANGES_TOPIC}): a user created,
 * changed, deleted or imported on any member is dropped here at once and read again from the
 * database (the map's store is write-through, so the row is already there), on one thread so that
 * refreshes apply in the order of the changes. Not from the map: a near cache may still hold the
 * old copy for a few milliseconds after the topic message arrived.
 */
public final class CredentialCache {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialCache.class);
    private final ConcurrentHashMap<String, SipUser> users = new ConcurrentHashMap<>();
    private final UserDirectory directory;
    private final UserStore store;
    private final int capacity;
    /**
     * Moves on at every invalidation and refresh: a directory read started before either must not
     * be kept, it may have seen the old copy.
     */
    private final AtomicLong generation = new AtomicLong();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "credential-cache-refresh");
        t.setDaemon(true);
        return t;
    });
    private final ITopic<String[]> changes;
    private final UUID listener;

    private CredentialCache(HazelcastInstance hz, UserDirectory directory, UserStore store, int capacity) {
        this.directory = directory;
        this.store = store;
        this.capacity = capacity;
        this.changes = hz.getTopic(UserDirectory.CHANGES_TOPIC);
        this.listener = changes.addMessageListener(m -> invalidate(m.getMessageObject()));
    }

    /** Subscribes to changes first (so none is missed), then loads up to {@code capacity} users. */
    public static CredentialCache load(HazelcastInstance hz, UserDirectory directory, UserStore store, int capacity) {
        CredentialCache cache = new CredentialCache(hz, directory, store, capacity);
        long started = System.nanoTime();
        long generation = cache.generation.get();
        int read = store.forEach(capacity, u -> cache.users.putIfAbsent(u.extension(), u));
        if (cache.generation.get() != generation) {
            // A change arrived during the load: the copy may predate it. Rare (start-up only): start empty.
            cache.users.clear();
        }
        LOG.info("credential cache: {} users loaded in {} ms (capacity {})", read,
                (System.nanoTime() - started) / 1_000_000, capacity);
        return cache;
    }

    /** The user, at once when cached; otherwise when the directory answered. Never blocks. */
    public CompletableFuture<Optional<SipUser>> find(String extension) {
        SipUser cached = users.get(extension);
        if (cached != null) {
            return CompletableFuture.completedFuture(Optional.of(cached));
        }
        long before = generation.get();
        return directory.findAsync(extension).thenApply(found -> {
            found.ifPresent(u -> {
                if (users.size() < capacity && generation.get() == before) {
                    users.putIfAbsent(u.extension(), u);
                }
            });
            return found;
        });
    }

    /** Blocking variant for callers on a worker thread. */
    public Optional<SipUser> findNow(String extension) {
        return find(extension).join();
    }

    void invalidate(String[] extensions) {
        generation.incrementAndGet();
        for (String e : extensions) {
            users.remove(e);
        }
        refresher.execute(() -> refresh(List.of(extensions)));
    }

    private void refresh(List<String> extensions) {
        try {
            Map<String, SipUser> now = store.findAll(extensions);
            generation.incrementAndGet();
            for (String e : extensions) {
                SipUser u = now.get(e);
                if (u == null) {
                    users.remove(e);
                } else if (users.size() < capacity || users.containsKey(e)) {
                    users.put(e, u);
                }
            }
        } catch (RuntimeException e) {
            // Left out of the cache: the next use reads through the directory.
            LOG.warn("credential cache: refreshing {} changed users failed: {}", extensions.size(), e.toString());
        }
    }

    public int size() {
        return users.size();
    }

    /** Stops listening for changes (the member is shutting down). */
    public void close() {
        changes.removeMessageListener(listener);
        refresher.shutdownNow();
    }
}
