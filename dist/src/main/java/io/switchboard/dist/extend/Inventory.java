package io.switchboard.dist.extend;

import io.switchboard.common.cluster.ServerType;
import static io.switchboard.dist.AdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.dist.AdminClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What {@code extend} reads and changes through the admin API: the server inventory, the signaling nodes, the cluster name. */
public final class Inventory {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An inventory row as {@code GET /api/servers} shows it. */
    public record Server(String name, String type, String privateAddress, String publicAddress, int maxSessions,
                         boolean enabled, boolean isDefault, String status, int activeSessions, String version,
                         long lastHeartbeat, boolean heartbeating) {
        static Server of(JsonNode n) {
            return new Server(n.path("name").asText(), n.path("type").asText(), n.path("privateAddress").asText(""),
                    n.path("publicAddress").asText(""), n.path("maxSessions").asInt(), n.path("enabled").asBoolean(true),
                    n.path("isDefault").asBoolean(false), n.path("status").asText("unknown"), n.path("activeSessions").asInt(),
                    n.path("version").asText(""), n.path("lastHeartbeat").asLong(), n.path("heartbeating").asBoolean(false));
        }

        /** The type extend deploys for this row; null for a row of another type. */
        public ServerType serverType() {
            return ServerType.ofRole(type).orElse(null);
        }

        public boolean online() {
            return "online".equals(status);
        }
    }

    /** A signaling node of {@code GET /api/nodes?role=signaling}: where the workers join the cluster. */
    public record SignalingNode(String name, boolean online, String privateAddress, int clusterPort) {
        static SignalingNode of(JsonNode n) {
            return new SignalingNode(n.path("name").asText(), n.path("online").asBoolean(), n.path("privateAddress").asText(""),
                    n.path("ports").path("cluster").asInt(0));
        }
    }

    private final AdminClient api;

    public Inventory(AdminClient api) {
        this.api = api;
    }

    public AdminClient api() {
        return api;
    }

    public List<Server> servers() {
        List<Server> out = new ArrayList<>();
        for (JsonNode n : read(api.get("api/servers")).path("items")) {
            out.add(Server.of(n));
        }
        return out;
    }

    public Optional<Server> server(String name) {
        return api.find("api/servers/" + segment(name)).map(body -> Server.of(read(body)));
    }

    public List<SignalingNode> signalingNodes() {
        List<SignalingNode> out = new ArrayList<>();
        for (JsonNode n : read(api.get("api/nodes?role=signaling")).path("items")) {
            out.add(SignalingNode.of(n));
        }
        return out;
    }

    /** The cluster name signaling runs under ({@code GET /api/health}'s clusterName); empty when the API does not say. */
    public String clusterName() {
        return read(api.get("api/health")).path("clusterName").asText("");
    }

    public Server disable(String name) {
        return Server.of(read(api.postJson("api/servers/" + segment(name) + "/disable", "{}")));
    }

    public Server enable(String name) {
        return Server.of(read(api.postJson("api/servers/" + segment(name) + "/enable", "{}")));
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AdminClient.ApiError("the admin API answered something that is not JSON: " + e.getMessage());
        }
    }
}
