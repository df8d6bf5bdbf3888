package io.switchboard.loadtest;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.cluster.ServerRecord;
import io.switchboard.common.cluster.ServerType;
import io.switchboard.signaling.SignalingServer;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's stand-in for the operator adding servers: every worker node that joins a local
 * signaling server's cluster under a name the inventory lacks is added to it (as a default local
 * server, so several roles may share the lab's loopback address), through the same directory the
 * admin API uses. Benchmarks and tests that start many worker nodes need no inventory step; a test of
 * the inventory itself starts signaling without it ({@link LocalSignaling#LAB_INVENTORY}).
 */
final class LabInventory implements EntryAddedListener<String, NodeStatus> {
    private static final Logger LOG = LoggerFactory.getLogger(LabInventory.class);

    private final SignalingServer server;

    private LabInventory(SignalingServer server) {
        this.server = server;
    }

    static UUID attach(SignalingServer server) {
        IMap<String, NodeStatus> nodes = server.hazelcast().getMap(NodeRegistry.MAP);
        LabInventory lab = new LabInventory(server);
        UUID id = nodes.addEntryListener(lab, true);
        nodes.values().forEach(lab::admit);
        return id;
    }

    @Override
    public void entryAdded(EntryEvent<String, NodeStatus> e) {
        admit(e.getValue());
    }

    private void admit(NodeStatus n) {
        ServerType.ofRole(n.role()).ifPresent(type -> {
            try {
                if (server.servers().get(n.name()).isEmpty()) {
                    int cap = n.capacity() > 0 ? n.capacity() : ServerRecord.defaultMaxSessions(type);
                    server.servers().ensureDefault(n.name(), type, n.privateAddress(),
                            type == ServerType.MEDIA ? Math.min(cap, ServerRecord.MEDIA_MAX_SESSIONS) : cap);
                }
            } catch (RuntimeException ex) {
                LOG.warn("lab inventory could not add {}: {}", n.name(), ex.toString());
            }
        });
    }
}
