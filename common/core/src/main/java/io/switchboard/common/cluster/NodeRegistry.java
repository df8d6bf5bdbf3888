package io.switchboard.common.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
    private final ServerInventory inventory;
    private volatile NodeStatus self;
    /** What the last heartbeat found of this node in the inventory, so the hint is logged once per change. */
    private volatile ServerStatus selfStatus;

    public NodeRegistry(HazelcastInstance hz, NodeStatus self, IntSupplier activeSessions) {
        this(hz, self, activeSessions, new ServerInventory(hz));
    }

    /** @param inventory the servers the operator added: only those, enabled, are {@link #serving} */
    public NodeRegistry(HazelcastInstance hz, NodeStatus self, IntSupplier activeSessions, ServerInventory inventory) {
        this.hz = hz;
        this.inventory = inventory;
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
            hintWhenNotAdmitted();
        } catch (RuntimeException e) {
            // A missed beat is survivable (the next one repairs it); a dead timer thread is not.
            LOG.warn("heartbeat of {} not published: {}", self.name(), e.toString());
        }
    }

    /**
     * A worker heartbeating under a name the inventory lacks (or has as another type) gets no work:
     * its own log says so, once per change, with the command that adds it.
     */
    private void hintWhenNotAdmitted() {
        NodeStatus me = self;
        if (ServerType.ofRole(me.role()).isEmpty()) {
            return;
        }
        ServerStatus now = status(me);
        if (now == selfStatus) {
            return;
        }
        selfStatus = now;
        Optional<ServerRecord> row = inventory.find(me.name());
        if (now == ServerStatus.UNKNOWN && row.isEmpty()) {
            LOG.warn("node {} is not in the server inventory, so it is given no work: add it (portal Servers > Add, or"
                    + " ./switchboard server add {} --type {} --private-ip {}) or start it with the node.name of a server"
                    + " that was added", me.name(), me.name(), me.role(), me.privateAddress());
        } else if (now == ServerStatus.UNKNOWN) {
            LOG.warn("node {} runs the {} role but the inventory has {} as a {} server, so it is given no work: fix"
                    + " node.name or the inventory", me.name(), me.role(), me.name(), row.get().type().role());
        } else if (now == ServerStatus.DISABLED) {
            LOG.info("node {} is disabled in the server inventory: it takes no new sessions, its current ones go on",
                    me.name());
        } else if (now == ServerStatus.ONLINE) {
            LOG.info("node {} is in the server inventory and enabled: it takes new sessions", me.name());
        }
    }

    public ServerInventory inventory() {
        return inventory;
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
     * Nodes of one role that may be given new sessions, least loaded first: online, and (for the
     * inventory's types) added by the operator with that type and enabled. Each one's capacity is the
     * smaller of its own and the inventory's maximum sessions. Signaling nodes are not in the inventory.
     */
    public List<NodeStatus> serving(String role) {
        if (ServerType.ofRole(role).isEmpty()) {
            return online(role);
        }
        long now = clusterTime();
        return view.values().stream()
                .filter(n -> n.role().equals(role) && n.onlineAt(now) && inventory.admits(n.name(), role))
                .map(n -> n.cappedAt(inventory.find(n.name()).map(ServerRecord::maxSessions).orElse(0)))
                .sorted(Comparator.comparingInt(NodeStatus::activeSessions).thenComparing(NodeStatus::name))
                .toList();
    }

    /** A heartbeating (or once seen) node as the operator sees it. */
    public ServerStatus status(NodeStatus node) {
        if (ServerType.ofRole(node.role()).isEmpty()) {
            return isOnline(node) ? ServerStatus.ONLINE : ServerStatus.OFFLINE;
        }
        Optional<ServerRecord> row = inventory.find(node.name());
        if (row.isEmpty() || !row.get().type().role().equals(node.role())) {
            return ServerStatus.UNKNOWN;
        }
        if (!row.get().enabled()) {
            return ServerStatus.DISABLED;
        }
        return isOnline(node) ? ServerStatus.ONLINE : ServerStatus.OFFLINE;
    }

    /** An inventory row as the operator sees it: its node's live state when there is one. */
    public ServerStatus status(ServerRecord server) {
        if (!server.enabled()) {
            return ServerStatus.DISABLED;
        }
        NodeStatus node = view.get(server.name());
        return node != null && node.role().equals(server.type().role()) && isOnline(node)
                ? ServerStatus.ONLINE : ServerStatus.OFFLINE;
    }

    /** The last heartbeat of a node by name, online or not. */
    public Optional<NodeStatus> node(String name) {
        return Optional.ofNullable(view.get(name));
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
