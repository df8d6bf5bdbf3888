package io.switchboard.dist.extend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's inventory contract on 127.0.0.1 (GET /api/servers[/NAME], POST .../disable|enable,
 * GET /api/nodes?role=signaling, GET /api/health), for testing extend's checks without a signaling server.
 */
final class FakeAdminApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final Map<String, ObjectNode> servers = new LinkedHashMap<>();
    final List<ObjectNode> signaling = new ArrayList<>();
    final List<String> posts = new ArrayList<>();
    private final HttpServer http;

    FakeAdminApi() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/", this::handle);
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    ObjectNode server(String name, String type, String ip, boolean isDefault) {
        ObjectNode n = JSON.createObjectNode().put("name", name).put("type", type).put("privateAddress", ip)
                .put("publicAddress", "").put("maxSessions", 1000).put("enabled", true).put("isDefault", isDefault)
                .put("status", "offline").put("activeSessions", 0).put("version", "").put("lastHeartbeat", 0);
        servers.put(name, n);
        return n;
    }

    void signalingNode(String name, String ip) {
        ObjectNode n = JSON.createObjectNode().put("name", name).put("role", "signaling").put("online", true)
                .put("privateAddress", ip).put("publicAddress", "");
        n.putObject("ports").put("sip", 5060).put("http", 8888).put("cluster", 5701);
        signaling.add(n);
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals("/api/health")) {
            send(ex, 200, JSON.createObjectNode().put("node", "pbx01").put("clusterName", "switchboard"));
        } else if (path.equals("/api/nodes")) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode items = body.putArray("items");
            signaling.forEach(items::add);
            send(ex, 200, body);
        } else if (path.equals("/api/servers")) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode items = body.putArray("items");
            servers.values().forEach(items::add);
            send(ex, 200, body);
        } else if (path.startsWith("/api/servers/")) {
            String[] parts = path.substring("/api/servers/".length()).split("/");
            ObjectNode s = servers.get(parts[0]);
            if (s == null) {
                send(ex, 404, JSON.createObjectNode().put("error", "no server " + parts[0]).put("field", "name"));
            } else if (method.equals("POST") && parts.length == 2) {
                posts.add(parts[0] + " " + parts[1]);
                s.put("enabled", parts[1].equals("enable"));
                send(ex, 200, s);
            } else {
                send(ex, 200, s);
            }
        } else {
            send(ex, 404, JSON.createObjectNode().put("error", "not found"));
        }
    }

    private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
