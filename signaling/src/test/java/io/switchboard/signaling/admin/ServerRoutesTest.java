package io.switchboard.signaling.admin;

import static io.switchboard.signaling.admin.QueueApiFixture.json;
import static io.switchboard.signaling.admin.QueueApiFixture.refused;
import static io.switchboard.signaling.admin.QueueApiFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.cluster.ClusterSettings;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.cluster.ServerType;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.SignalingSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/servers} over real HTTP on a real signaling server (H2, Hazelcast), with worker nodes
 * heartbeating from a second, lite member: the inventory joined with the live registry.
 */
class ServerRoutesTest {
    private static final String PASSWORD = "servers-admin-password";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private SignalingServer server;
    private int clusterPort;
    private String clusterName;

    private void startSignaling(Path dataDir) throws Exception {
        Map<String, String> o = new HashMap<>();
        o.put("sip.address", "127.0.0.1");
        o.put("sip.port", "0");
        o.put("http.address", "127.0.0.1");
        o.put("http.port", "0");
        o.put("data-dir", dataDir.toString());
        o.put("cluster.name", clusterName);
        o.put("cluster.port", Integer.toString(clusterPort));
        o.put("cluster.members", "127.0.0.1:" + clusterPort);
        o.put("cluster.heartbeat", "200ms");
        o.put("admin.password", PASSWORD);
        o.put("sip.warmup-requests", "0");
        server = SignalingServer.start(SignalingSettings.from(new ConfigLoader(SignalingSettings.REFERENCE)
                .load(null, Map.of(), o)), "test", new PrintStream(OutputStream.nullOutputStream()));
    }

    /** A worker node heartbeating as {@code name} from a lite member of the same cluster. */
    private NodeRegistry heartbeat(String name, String role) {
        ClusterSettings c = new ClusterSettings(clusterName, "127.0.0.1", clusterPort + 1, List.of("127.0.0.1:" + clusterPort),
                Duration.ofMillis(200), Duration.ofSeconds(3));
        HazelcastInstance hz = ClusterMember.start(c, name, cfg -> cfg.setLiteMember(true));
        NodeRegistry r = new NodeRegistry(hz, new NodeStatus(name, role, "127.0.0.1", "", Map.of("ng", 2223), "9.9.9", 0,
                5000, System.currentTimeMillis(), 0, 200, false), () -> 3).start();
        closing.add(0, hz::shutdown);
        closing.add(0, r);
        return r;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void addListEnableDisableEditRemoveWithErrorsNamingTheField(@TempDir Path dir) throws Exception {
        clusterPort = ThreadLocalRandom.current().nextInt(5920, 5960);
        clusterName = "servers-" + UUID.randomUUID();
        startSignaling(dir);

        HttpResponse<String> created = post("/api/servers", """
                {"name": "media-server-1", "type": "media-server-only", "privateAddress": "192.168.1.21",
                 "publicAddress": "203.0.113.21", "maxSessions": 5000}""");
        status(created, 201);
        JsonNode m1 = json(created);
        assertThat(m1.get("type").asText()).isEqualTo("media");
        assertThat(m1.get("status").asText()).as("added, never started").isEqualTo("offline");
        assertThat(m1.get("enabled").asBoolean()).isTrue();
        assertThat(m1.get("isDefault").asBoolean()).isFalse();

        String advice = refused(post("/api/servers", """
                {"name": "media-server-2", "type": "media", "privateAddress": "192.168.1.22", "maxSessions": 6000}"""),
                400, "maxSessions");
        assertThat(advice).contains("at most 5000").contains("add another media server");
        refused(post("/api/servers", "{\"name\": \"media-server-1\", \"type\": \"media\", \"privateAddress\": \"192.168.1.29\"}"),
                409, "name");
        assertThat(refused(post("/api/servers", "{\"name\": \"queue-1\", \"type\": \"queue\", \"privateAddress\": \"192.168.1.21\"}"),
                409, "privateAddress")).contains("media-server-1").contains("one role per machine");
        assertThat(refused(post("/api/servers", "{\"name\": \"fax-1\", \"type\": \"fax\", \"privateAddress\": \"192.168.1.30\"}"),
                400, "type")).contains("media, queue, meeting or ivr");
        refused(post("/api/servers", "{\"name\": \"ivr-1\", \"type\": \"ivr\"}"), 400, "privateAddress");
        refused(post("/api/servers", "{\"name\": \"ivr-1\", \"type\": \"ivr\", \"privateAddress\": \"192.168.1.31\", \"cpu\": 4}"),
                400, "cpu");
        refused(post("/api/servers", "{\"name\": \"ivr 1\", \"type\": \"ivr\", \"privateAddress\": \"192.168.1.31\"}"), 400, "name");
        status(post("/api/servers", "{\"name\": \"ivr-1\", \"type\": \"vr-server-only\", \"privateAddress\": \"192.168.1.31\"}"), 201);

        // The node comes up under its inventory name: online; one nobody added: listed as unknown, given nothing.
        heartbeat("media-server-1", "media");
        heartbeat("stray-7", "media");
        await().atMost(Duration.ofSeconds(30)).until(() -> "online".equals(json(get("/api/servers/media-server-1")).path("status").asText()));
        JsonNode live = json(get("/api/servers/media-server-1"));
        assertThat(live.get("activeSessions").asInt()).isEqualTo(3);
        assertThat(live.get("version").asText()).isEqualTo("9.9.9");
        await().atMost(Duration.ofSeconds(10)).until(() -> find(json(get("/api/servers?type=media")), "stray-7") != null);
        assertThat(find(json(get("/api/servers?type=media")), "stray-7").get("status").asText()).isEqualTo("unknown");
        assertThat(find(json(get("/api/servers?type=ivr")), "stray-7")).isNull();
        assertThat(find(json(get("/api/nodes?role=media")), "stray-7").get("status").asText()).isEqualTo("unknown");

        // The dashboard's history samples the worker nodes' sessions (its first point is taken at start).
        JsonNode history = json(get("/api/stats/history"));
        assertThat(history.get("intervalSeconds").asInt()).isEqualTo(10);
        assertThat(history.get("points").get(0).has("registrations")).isTrue();
        assertThat(history.get("points").get(0).has("nodes")).isTrue();

        // Disable = drain: status disabled at once, still heartbeating; enable: online again.
        assertThat(json(post("/api/servers/media-server-1/disable", "")).get("status").asText()).isEqualTo("disabled");
        assertThat(find(json(get("/api/nodes?role=media")), "media-server-1").get("online").asBoolean()).isTrue();
        assertThat(json(post("/api/servers/media-server-1/enable", "")).get("status").asText()).isEqualTo("online");

        HttpResponse<String> edited = put("/api/servers/media-server-1", "{\"maxSessions\": 4000, \"publicAddress\": \"\"}");
        status(edited, 200);
        assertThat(json(edited).get("maxSessions").asInt()).isEqualTo(4000);
        assertThat(json(edited).get("privateAddress").asText()).as("kept when left out").isEqualTo("192.168.1.21");
        refused(put("/api/servers/media-server-1", "{\"maxSessions\": 9000}"), 400, "maxSessions");
        refused(put("/api/servers/nobody", "{\"maxSessions\": 9}"), 404, "name");

        // The main server's default local servers are disabled, never removed.
        server.servers().ensureDefault("pbx01-media", ServerType.MEDIA, "127.0.0.1", 5000);
        assertThat(refused(delete("/api/servers/pbx01-media"), 409, "name")).contains("disable it instead");
        assertThat(json(post("/api/servers/pbx01-media/disable", "")).get("enabled").asBoolean()).isFalse();
        server.servers().ensureDefault("pbx01-media", ServerType.MEDIA, "127.0.0.1", 5000);
        assertThat(json(get("/api/servers/pbx01-media")).get("enabled").asBoolean())
                .as("a restart of the all-in-one keeps the operator's choice").isFalse();

        status(delete("/api/servers/ivr-1"), 204);
        refused(get("/api/servers/ivr-1"), 404, "name");

        // The database is the record: a restarted signaling publishes the inventory again.
        for (AutoCloseable c : closing) {
            c.close();
        }
        closing.clear();
        server.close();
        server = null;
        startSignaling(dir);
        assertThat(json(get("/api/servers")).get("items")).extracting(n -> n.get("name").asText())
                .contains("media-server-1", "pbx01-media").doesNotContain("ivr-1");
        assertThat(server.servers().get("media-server-1").orElseThrow().maxSessions()).isEqualTo(4000);
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode n : list.get("items")) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        return null;
    }

    private HttpRequest.Builder request(String path) {
        String basic = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + basic);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return http.send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }
}
