package io.switchboard.signaling.directory;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.switchboard.signaling.auth.DigestAlgorithm;
import io.switchboard.signaling.directory.UserDirectoryException.Reason;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provisioned users, and the only owner of the Hazelcast map {@code users}: a read-through,
 * write-through cache over the user database with a near cache on every member, so the
 * registrar's lookup per REGISTER is normally a local read. Listing and counting go to the
 * database directly, since the map holds only the users read lately.
 */
public final class UserDirectory {

    public static final String MAP_NAME = "users";
    /**
     * Published by this class only: the extensions of users just created, changed, deleted or
     * imported, so that each member's {@link CredentialCache} drops its copies.
     */
    public static final String CHANGES_TOPIC = "users-changed";
    /** Near cache per member: 50,000 registered phones fit with room to spare. */
    static final int NEAR_CACHE_ENTRIES = 100_000;
    /** Entries per member in the map itself; the rest stay in the database until asked for. */
    static final int MAP_ENTRIES_PER_MEMBER = 250_000;
    /** An evict is a round trip to the key's owner and its backup; parallel calls hide the latency. */
    private static final int EVICT_THREADS = 8;

    private final IMap<String, SipUser> users;
    private final ITopic<String[]> changes;
    private final UserStore store;
    private final String realm;
    private final Clock clock;
    private final ReservedNumbers reserved;
    private final PasswordPolicy policy;

    public UserDirectory(HazelcastInstance hz, UserStore store, String realm) {
        this(hz, store, realm, Clock.systemUTC(), ReservedNumbers.NONE, PasswordPolicy.defaults());
    }

    /**
     * @param reserved numbers of IVR applications (later queues, rooms) that no user may take
     * @param policy   which passwords may be set
     */
    public UserDirectory(HazelcastInstance hz, UserStore store, String realm, ReservedNumbers reserved,
            PasswordPolicy policy) {
        this(hz, store, realm, Clock.systemUTC(), reserved, policy);
    }

    UserDirectory(HazelcastInstance hz, UserStore store, String realm, Clock clock) {
        this(hz, store, realm, clock, ReservedNumbers.NONE, PasswordPolicy.defaults());
    }

    UserDirectory(HazelcastInstance hz, UserStore store, String realm, Clock clock, ReservedNumbers reserved,
            PasswordPolicy policy) {
        this.users = hz.getMap(MAP_NAME);
        this.changes = hz.getTopic(CHANGES_TOPIC);
        this.store = store;
        this.realm = Objects.requireNonNull(realm, "realm");
        this.clock = clock;
        this.reserved = reserved;
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Adds to {@code config} what the {@code users} map needs on every member: the serializer,
     * the JDBC MapStore (write-through, loaded lazily, no preload) and the near cache.
     */
    public static void configure(Config config, UserStore store) {
        config.getSerializationConfig().addSerializerConfig(new SerializerConfig()
                .setTypeClass(SipUser.class)
                .setImplementation(new SipUserSerializer()));
        MapStoreConfig mapStore = new MapStoreConfig()
                .setEnabled(true)
                .setImplementation(new UserMapStore(store))
                .setWriteDelaySeconds(0)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY);
        NearCacheConfig nearCache = new NearCacheConfig(MAP_NAME)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setCacheLocalEntries(true)
                .setInvalidateOnChange(true)
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
                        .setSize(NEAR_CACHE_ENTRIES));
        config.addMapConfig(new MapConfig(MAP_NAME)
                .setMapStoreConfig(mapStore)
                .setNearCacheConfig(nearCache)
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                        .setSize(MAP_ENTRIES_PER_MEMBER)));
    }

    public String realm() {
        return realm;
    }

    public Optional<SipUser> find(String extension) {
        if (SipUser.extensionProblem(extension).isPresent()) {
            return Optional.empty();
        }
        return Optional.ofNullable(users.get(extension));
    }

    /**
     * The user without blocking the caller: a near-cache hit completes at once; a miss completes on
     * a Hazelcast thread after the owner (and, on a first read, the database) answered.
     */
    public CompletableFuture<Optional<SipUser>> findAsync(String extension) {
        if (SipUser.extensionProblem(extension).isPresent()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return users.getAsync(extension).toCompletableFuture().thenApply(Optional::ofNullable);
    }

    /** Creates an enabled user; fails with {@link Reason#ALREADY_EXISTS} if the extension is taken. */
    public SipUser create(String extension, String password, String displayName) {
        return create(extension, password, displayName, true);
    }

    /** Creates a user; fails with {@link Reason#ALREADY_EXISTS} if the extension is taken. */
    public SipUser create(String extension, String password, String displayName, boolean enabled) {
        check("extension", SipUser.extensionProblem(extension));
        reserved.ownerOf(extension).ifPresent(owner -> {
            throw new UserDirectoryException(Reason.ALREADY_EXISTS, "extension",
                    "extension '" + extension + "' is " + owner + ": choose another extension or renumber it");
        });
        String name = displayName == null ? "" : displayName;
        check("displayName", SipUser.displayNameProblem(name));
        check("password", policy.problem(extension, name, password));
        SipUser user = SipUser.withPassword(extension, realm, password, name, enabled, now());
        if (users.putIfAbsent(extension, user) != null) {
            throw new UserDirectoryException(Reason.ALREADY_EXISTS, "extension",
                    "user '" + extension + "' already exists");
        }
        changed(extension);
        return user;
    }

    /** Changes what is present; the password is re-hashed in this directory's realm. */
    public SipUser update(String extension, Optional<String> password, Optional<String> displayName,
            Optional<Boolean> enabled) {
        displayName.ifPresent(d -> check("displayName", SipUser.displayNameProblem(d)));
        password.ifPresent(p -> check("password", policy.problem(extension, displayName.orElse(null), p)));
        if (SipUser.extensionProblem(extension).isPresent()) {
            throw notFound(extension);
        }
        if (password.isEmpty() && displayName.isEmpty() && enabled.isEmpty()) {
            return find(extension).orElseThrow(() -> notFound(extension));
        }
        String md5 = password.map(p -> DigestAlgorithm.MD5.ha1(extension, realm, p)).orElse(null);
        String sha256 = password.map(p -> DigestAlgorithm.SHA_256.ha1(extension, realm, p)).orElse(null);
        SipUser updated = users.executeOnKey(extension,
                new UserUpdate(realm, md5, sha256, displayName.orElse(null), enabled.orElse(null), now()));
        if (updated == null) {
            throw notFound(extension);
        }
        changed(extension);
        return updated;
    }

    public boolean delete(String extension) {
        if (SipUser.extensionProblem(extension).isPresent()) {
            return false;
        }
        boolean removed = users.remove(extension) != null;
        if (removed) {
            changed(extension);
        }
        return removed;
    }

    private void changed(String... extensions) {
        changes.publish(extensions);
    }

    /** Users ordered by extension, read from the database (the map holds only recent ones). */
    public Page<SipUser> page(int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative");
        }
        return new Page<>(store.page(offset, limit), store.count(), offset, limit);
    }

    public long count() {
        return store.count();
    }

    /**
     * Users matching {@code query} (digits: extensions starting so; else part of a name or extension),
     * ordered by extension, the {@code limit} after extension {@code after}; with the matching total.
     */
    public Page<SipUser> search(String query, String after, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        return new Page<>(store.search(query, after, limit), store.count(query), 0, limit);
    }

    /** Imports users from CSV; see {@link UserCsvImport} for the format and the rules. */
    public ImportReport importCsv(InputStream csv) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService evictPool = Executors.newFixedThreadPool(EVICT_THREADS, r -> {
            Thread t = new Thread(r, "user-import-evict-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            return new UserCsvImport(store, realm, keys -> evict(keys, evictPool), clock, reserved, policy).run(csv);
        } finally {
            evictPool.shutdownNow();
        }
    }

    /** Drops cached copies on every member after the database was written behind the map's back. */
    private CompletableFuture<Void> evict(List<String> extensions, ExecutorService pool) {
        int chunk = (extensions.size() + EVICT_THREADS - 1) / EVICT_THREADS;
        List<CompletableFuture<Void>> parts = new ArrayList<>(EVICT_THREADS);
        for (int from = 0; from < extensions.size(); from += chunk) {
            List<String> part = extensions.subList(from, Math.min(extensions.size(), from + chunk));
            parts.add(CompletableFuture.runAsync(() -> part.forEach(users::evict), pool));
        }
        String[] changedNow = extensions.toArray(String[]::new);
        // After the evictions: a cache that reads again must not get the map's old copy.
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenRun(() -> changed(changedNow));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void check(String field, Optional<String> problem) {
        problem.ifPresent(p -> {
            throw new UserDirectoryException(Reason.INVALID, field, p);
        });
    }

    private static UserDirectoryException notFound(String extension) {
        return new UserDirectoryException(Reason.NOT_FOUND, "extension", "user '" + extension + "' not found");
    }
}
