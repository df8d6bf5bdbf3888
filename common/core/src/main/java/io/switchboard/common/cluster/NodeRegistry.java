package io.switchboard.common.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of the {@code nodes} map: publishes this process's {@link NodeStatus} on every
 * heartbeat and answers "which nodes of a role are online". Liveness compares heartbeat timestamps
 * with cluster time; Hazelcast's TTL only garbage-collects nodes gone for good (expiry is swept lazily).
 *
 * <p>Reads come from a local view fed by map events, never from the map: while Hazelcast has not yet
 * dropped a dead member (cluster.member-timeout), reads of partitions it owned block, and a node
 * picker must not wait on them. Heartbeats are written asynchronously for the same reason.
 */
public final class NodeRegistry implements AutoCloseable {
    public static final String MAP = "nodes";
    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistry.class);
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final HazelcastInstance hz;
    private final IMap<String, NodeStatus> nodes;
    private final IntSupplier activeSessions;
    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<String, NodeStatus> view = new ConcurrentHashMap<>();
    private final UUID listener;
    private volatile NodeStatus self;

    public NodeRegistry(HazelcastInstance hz, NodeStatus self, IntSupplier activeSessions) {
        this.hz = hz;
        this.nodes = hz.getMap(MAP);
        this.self = self;
        this.activeSessions = activeSessions;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + self.name());
            t.setDaemon(true);
            return t;
        });
        this.listener = nodes.addEntryListener(new ViewUpdater(), true);
    }

    /** Keeps {@link #view} in step with the map. */
    private final class ViewUpdater implements EntryAddedListener<String, NodeStatus>,
            EntryUpdatedListener<String, NodeStatus>, EntryRemovedListener<String, NodeStatus>,
            EntryExpiredListener<String, NodeStatus> {
        @Override
        public void entryAdded(EntryEvent<String, NodeStatus> e) {
            view.merge(e.getKey(), e.getValue(), NodeRegistry::newer);
        }

        @Override
        public void entryUpdated(EntryEvent<String, NodeStatus> e) {
            view.merge(e.getKey(), e.getValue(), NodeRegistry::newer);
        }

        @Override
        public void entryRemoved(EntryEvent<String, NodeStatus> e) {
            view.remove(e.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, NodeStatus> e) {
            view.remove(e.getKey());
        }
    }

    private static NodeStatus newer(NodeStatus a, NodeStatus b) {
        return b.heartbeatAt() >= a.heartbeatAt() ? b : a;
    }

    /** Publishes now and then every heartbeat period. */
    public NodeRegistry start() {
        try {
            nodes.values().forEach(n -> view.merge(n.name(), n, NodeRegistry::newer));
        } catch (RuntimeException e) {
            // A worker (lite member) may start before any signaling (data) member: the view fills
            // from events, and heartbeats succeed, once one has joined.
            LOG.warn("registry not readable yet ({}); continuing with heartbeats", e.getMessage());
        }
        beat();
        long period = self.heartbeatMillis();
        timer.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
        return this;
    }

    private void beat() {
        try {
            self = self.beat(clusterTime(), activeSessions.getAsInt());
            view.merge(self.name(), self, NodeRegistry::newer);
            nodes.setAsync(self.name(), self, FORGET_AFTER.toSeconds(), TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            // A missed beat is survivable (the next one repairs it); a dead timer thread is not.
            LOG.warn("heartbeat of {} not published: {}", self.name(), e.toString());
        }
    }

    public long clusterTime() {
        return hz.getCluster().getClusterTime();
    }

    public NodeStatus self() {
        return self;
    }

    /** Every known node, online or not, by name. */
    public List<NodeStatus> all() {
        return view.values().stream().sorted(Comparator.comparing(NodeStatus::name)).toList();
    }

    public boolean isOnline(NodeStatus node) {
        return node.onlineAt(clusterTime());
    }

    /** Online nodes of one role, least loaded first. */
    public List<NodeStatus> online(String role) {
        long now = clusterTime();
        return view.values().stream()
                .filter(n -> n.role().equals(role) && n.onlineAt(now))
                .sorted(Comparator.comparingInt(NodeStatus::activeSessions).thenComparing(NodeStatus::name))
                .toList();
    }

    /**
     * Stops heartbeating and nothing else, as a killed process would: the others find this node
     * offline when its last heartbeat ages out. For failure tests that run nodes in one JVM.
     */
    public void halt() {
        timer.shutdownNow();
    }

    /** Stops heartbeating and marks this node offline at once (graceful shutdown). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (hz.getLifecycleService().isRunning()) {
                nodes.removeEntryListener(listener);
                nodes.set(self.name(), self.stopped(clusterTime()), FORGET_AFTER.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (RuntimeException e) {
            LOG.debug("could not mark {} stopped: {}", self.name(), e.toString());
        }
    }
}
