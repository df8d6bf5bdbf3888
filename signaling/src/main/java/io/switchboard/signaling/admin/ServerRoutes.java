package io.switchboard.signaling.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.cluster.ServerRecord;
import io.switchboard.common.cluster.ServerStatus;
import io.switchboard.common.cluster.ServerType;
import io.switchboard.signaling.inventory.ServerDirectory;
import io.switchboard.signaling.inventory.ServerDirectoryException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/servers}: the server inventory joined with the live registry. Each item is the row
 * the operator added ({@code name, type, privateAddress, publicAddress, maxSessions, enabled,
 * isDefault}) plus what its node last said ({@code status} online/offline/disabled/unknown,
 * {@code heartbeating}, {@code activeSessions} (as of {@code lastHeartbeat}), {@code capacity}, {@code version}, {@code startedAt}, {@code lastHeartbeat});
 * the list also shows nodes heartbeating under a name nobody added, as {@code unknown}. Refusals name
 * the field: 400 for a bad value, 404 for an unknown server, 409 for a taken name or IP.
 * {@code PUT} changes the fields the body gives and keeps the others.
 */
public final class ServerRoutes implements AdminRoutes {
    private static final String[] FIELDS = {"name", "type", "privateAddress", "publicAddress", "maxSessions", "enabled"};

    private final ServerDirectory directory;
    private final Supplier<NodeRegistry> registry;

    public ServerRoutes(ServerDirectory directory, Supplier<NodeRegistry> registry) {
        this.directory = directory;
        this.registry = registry;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/servers", this::list);
        routes.post("/api/servers", this::create);
        routes.get("/api/servers/{name}", ctx -> ctx.json(view(find(ctx.pathParam("name")))));
        routes.put("/api/servers/{name}", this::replace);
        routes.delete("/api/servers/{name}", this::delete);
        routes.post("/api/servers/{name}/enable", ctx -> ctx.json(view(mapped(() -> directory.setEnabled(ctx.pathParam("name"), true)))));
        routes.post("/api/servers/{name}/disable", ctx -> ctx.json(view(mapped(() -> directory.setEnabled(ctx.pathParam("name"), false)))));
    }

    private void list(Context ctx) {
        Optional<ServerType> type = Optional.ofNullable(ctx.queryParam("type")).map(t -> ServerType.parse(t)
                .orElseThrow(() -> ApiException.badRequest("type", "unknown type '" + t + "' (expected " + ServerType.accepted() + ")")));
        ArrayNode items = AdminJson.mapper().createArrayNode();
        Set<String> listed = new HashSet<>();
        for (ServerRecord s : directory.list()) {
            listed.add(s.name());
            if (type.isEmpty() || type.get() == s.type()) {
                items.add(view(s));
            }
        }
        NodeRegistry nodes = registry.get();
        if (nodes != null) {
            for (NodeStatus n : nodes.all()) {
                Optional<ServerType> role = ServerType.ofRole(n.role());
                if (role.isPresent() && !listed.contains(n.name()) && nodes.isOnline(n)
                        && (type.isEmpty() || type.get() == role.get())) {
                    items.add(unknown(n));
                }
            }
        }
        ctx.json(java.util.Map.of("items", items));
    }

    private void create(Context ctx) {
        ObjectNode body = AdminJson.object(ctx);
        AdminJson.onlyFields(body, FIELDS);
        String name = AdminJson.string(body, "name").orElseThrow(() -> ApiException.badRequest("name", "name is missing"));
        ServerType type = type(body).orElseThrow(() -> ApiException.badRequest("type",
                "type is missing (expected " + ServerType.accepted() + ")"));
        String privateAddress = AdminJson.string(body, "privateAddress")
                .orElseThrow(() -> ApiException.badRequest("privateAddress", "privateAddress is missing (the server's IP)"));
        ServerRecord s = new ServerRecord(name, type, privateAddress, AdminJson.string(body, "publicAddress").orElse(""),
                AdminJson.integer(body, "maxSessions").orElse(ServerRecord.defaultMaxSessions(type)),
                AdminJson.bool(body, "enabled").orElse(true), false);
        ServerRecord created = mapped(() -> directory.create(s));
        ctx.status(201).header("Location", "/api/servers/" + created.name()).json(view(created));
    }

    private void replace(Context ctx) {
        String name = ctx.pathParam("name");
        ObjectNode body = AdminJson.object(ctx);
        AdminJson.onlyFields(body, FIELDS);
        AdminJson.string(body, "name").filter(n -> !n.equals(name)).ifPresent(n -> {
            throw ApiException.badRequest("name", "name '" + n + "' in the body does not match '" + name + "' in the path");
        });
        ServerRecord c = find(name);
        ServerRecord s = new ServerRecord(name, type(body).orElse(c.type()),
                AdminJson.string(body, "privateAddress").orElse(c.privateAddress()),
                AdminJson.string(body, "publicAddress").orElse(c.publicAddress()),
                AdminJson.integer(body, "maxSessions").orElse(c.maxSessions()), AdminJson.bool(body, "enabled").orElse(c.enabled()),
                c.isDefault());
        ctx.json(view(mapped(() -> directory.replace(s))));
    }

    private void delete(Context ctx) {
        String name = ctx.pathParam("name");
        if (!mapped(() -> directory.delete(name))) {
            throw notFound(name);
        }
        ctx.status(204);
    }

    private ObjectNode view(ServerRecord s) {
        ObjectNode out = AdminJson.mapper().createObjectNode();
        out.put("name", s.name()).put("type", s.type().role()).put("privateAddress", s.privateAddress())
                .put("publicAddress", s.publicAddress()).put("maxSessions", s.maxSessions()).put("enabled", s.enabled())
                .put("isDefault", s.isDefault());
        NodeRegistry nodes = registry.get();
        Optional<NodeStatus> node = nodes == null ? Optional.empty()
                : nodes.node(s.name()).filter(n -> n.role().equals(s.type().role()));
        ServerStatus status = nodes == null ? (s.enabled() ? ServerStatus.OFFLINE : ServerStatus.DISABLED) : nodes.status(s);
        out.put("status", status.word());
        live(out, node.filter(n -> nodes.isOnline(n)).orElse(null), node.orElse(null));
        return out;
    }

    private ObjectNode unknown(NodeStatus n) {
        ObjectNode out = AdminJson.mapper().createObjectNode();
        out.put("name", n.name()).put("type", n.role()).put("privateAddress", n.privateAddress())
                .put("publicAddress", n.publicAddress()).putNull("maxSessions").put("enabled", false).put("isDefault", false)
                .put("status", ServerStatus.UNKNOWN.word());
        live(out, n, n);
        return out;
    }

    /** What the node said in its last heartbeat; sessions only while it heartbeats. */
    private static void live(ObjectNode out, NodeStatus online, NodeStatus last) {
        out.put("heartbeating", online != null);
        out.put("activeSessions", online == null ? 0 : online.activeSessions());
        out.put("capacity", last == null ? 0 : last.capacity());
        out.put("version", last == null ? "" : last.version());
        out.put("startedAt", last == null ? 0 : last.startedAt());
        out.put("lastHeartbeat", last == null ? 0 : last.heartbeatAt());
    }

    private static Optional<ServerType> type(ObjectNode body) {
        return AdminJson.string(body, "type").map(t -> ServerType.parse(t).orElseThrow(() -> ApiException.badRequest("type",
                "unknown type '" + t + "' (expected " + ServerType.accepted() + ")")));
    }


    private ServerRecord find(String name) {
        return directory.get(name).orElseThrow(() -> notFound(name));
    }

    private static ApiException notFound(String name) {
        return new ApiException(404, "name", "server " + name + " not found");
    }

    /** The one place inventory refusals become HTTP statuses. */
    private static <T> T mapped(Supplier<T> call) {
        try {
            return call.get();
        } catch (ServerDirectoryException e) {
            int status = switch (e.reason()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
            };
            throw new ApiException(status, e.field(), e.getMessage());
        }
    }
}
