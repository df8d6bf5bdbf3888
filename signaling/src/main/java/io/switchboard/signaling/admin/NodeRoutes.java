package io.switchboard.signaling.admin;

import io.javalin.config.RoutesConfig;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/nodes[?role=]}: the live cluster registry, each node with its online flag (heartbeating)
 * and its {@code status} joined with the server inventory (online, offline, disabled, unknown): only
 * {@code online} nodes are given new sessions.
 */
public final class NodeRoutes implements AdminRoutes {
    private final Supplier<NodeRegistry> registry;

    public NodeRoutes(Supplier<NodeRegistry> registry) {
        this.registry = registry;
    }

    /** What the API shows of a node. */
    public record NodeView(String name, String role, boolean online, String status, String privateAddress,
                           String publicAddress, Map<String, Integer> ports, String version, int activeSessions,
                           int capacity, long startedAt, long lastHeartbeat) {
        static NodeView of(NodeStatus n, boolean online, String status) {
            return new NodeView(n.name(), n.role(), online, status, n.privateAddress(), n.publicAddress(), n.ports(),
                    n.version(), n.activeSessions(), n.capacity(), n.startedAt(), n.heartbeatAt());
        }
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/nodes", ctx -> {
            String role = ctx.queryParam("role");
            NodeRegistry registry = this.registry.get();
            List<NodeView> nodes = registry.all().stream()
                    .filter(n -> role == null || n.role().equals(role))
                    .map(n -> NodeView.of(n, registry.isOnline(n), registry.status(n).word()))
                    .toList();
            ctx.json(Map.of("items", nodes));
        });
    }
}
