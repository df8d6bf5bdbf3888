package io.switchboard.signaling.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.ivr.IvrApps;
import io.switchboard.signaling.directory.DirectoryCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code /api/ivr} over real HTTP, stored in a real Hazelcast member. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IvrRoutesTest {
    private static final String PASSWORD = "correct horse";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEMO = """
            name: demo
            number: "8000"
            start: main
            menus:
              main:
                prompt: demo-welcome
                invalid-prompt: invalid
                timeout-prompt: timeout
                goodbye-prompt: goodbye
                digits:
                  "1": { extension: "1001" }
                  "0": repeat
            """;

    private final Set<String> prompts = ConcurrentHashMap.newKeySet();
    private HazelcastInstance hz;
    private AdminServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() {
        DirectoryCluster.quietLogs();
        Config config = new Config();
        config.setClusterName("ivr-routes-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getNetworkConfig().setPort(5901).setPortAutoIncrement(true);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        IvrApps.configure(config);
        hz = Hazelcast.newHazelcastInstance(config);
        prompts.addAll(List.of("demo-welcome", "invalid", "timeout", "goodbye"));
        server = new AdminServer();
        server.start("127.0.0.1", 0, PASSWORD, List.of(new IvrRoutes(new IvrApps(hz), () -> Set.copyOf(prompts))));
    }

    @AfterAll
    void stop() {
        server.stop();
        hz.getLifecycleService().terminate();
    }

    @Test
    void putCreatesThenReplacesAndGetReturnsTheYamlVerbatim() throws Exception {
        HttpResponse<String> created = put("/api/ivr/demo", DEMO, "application/yaml");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/ivr/demo");
        assertThat(json(created).get("version").asInt()).isEqualTo(1);

        HttpResponse<String> replaced = put("/api/ivr/demo", DEMO.replace("\"1001\"", "\"1002\""), "text/yaml; charset=utf-8");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(json(replaced).get("version").asInt()).isEqualTo(2);

        HttpResponse<String> got = send(authed("/api/ivr/demo").GET().build());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/yaml"));
        assertThat(got.body()).isEqualTo(DEMO.replace("\"1001\"", "\"1002\""));

        JsonNode list = json(send(authed("/api/ivr").GET().build())).get("items");
        JsonNode demo = find(list, "demo");
        assertThat(demo.get("number").asText()).isEqualTo("8000");
        assertThat(demo.get("menus").asInt()).isEqualTo(1);
        assertThat(demo.get("version").asInt()).isEqualTo(2);

        assertThat(send(authed("/api/ivr/demo").DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(send(authed("/api/ivr/demo").DELETE().build()).statusCode()).isEqualTo(404);
        HttpResponse<String> gone = send(authed("/api/ivr/demo").GET().build());
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).get("error").asText()).isEqualTo("IVR application 'demo' not found");
    }

    @Test
    void badDefinitionIs400WithEveryProblemAndItsLine() throws Exception {
        String bad = """
                name: broken
                number: "8001"
                start: main
                menus:
                  main:
                    digits:
                      "1": { trasnfer: "1001" }
                      "2": { menu: sales }
                """;

        HttpResponse<String> r = put("/api/ivr/broken", bad, "application/yaml");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.get("field").asText()).isEqualTo("body");
        assertThat(body.get("error").asText()).startsWith("the IVR definition has 3 problems: line 6: prompt of menu 'main' is missing");
        JsonNode problems = body.get("problems");
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0).get("line").asInt()).isEqualTo(6);
        assertThat(problems.get(1).get("line").asInt()).isEqualTo(7);
        assertThat(problems.get(1).get("reason").asText()).isEqualTo(
                "unknown action 'trasnfer' (expected menu, extension, queue, meeting, outside, play-and-hangup, repeat, hangup)");
        assertThat(problems.get(2).get("line").asInt()).isEqualTo(8);
        assertThat(problems.get(2).get("reason").asText()).isEqualTo("menu 'sales' referenced but not defined");
        assertThat(send(authed("/api/ivr/broken").GET().build()).statusCode()).isEqualTo(404);
    }

    @Test
    void promptsAreCheckedAgainstTheSetAvailableAtEachWrite() throws Exception {
        String app = DEMO.replace("name: demo", "name: later").replace("\"8000\"", "\"8002\"")
                .replace("demo-welcome", "later-welcome");

        HttpResponse<String> refused = put("/api/ivr/later", app, "application/yaml");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("problems").get(0).get("reason").asText()).isEqualTo("prompt 'later-welcome' not found");

        prompts.add("later-welcome");
        assertThat(put("/api/ivr/later", app, "application/yaml").statusCode()).isEqualTo(201);
        send(authed("/api/ivr/later").DELETE().build());
    }

    @Test
    void refusalsNameTheField() throws Exception {
        String other = DEMO.replace("name: demo", "name: other");
        assertField(put("/api/ivr/demo2", other, "application/yaml"), 400, "name");
        assertField(put("/api/ivr/demo", DEMO, "application/json"), 415, "Content-Type");
        assertField(put("/api/ivr/demo", DEMO, "application/x-www-form-urlencoded"), 415, "Content-Type");
        assertField(put("/api/ivr/demo", "  ", "application/yaml"), 400, "body");

        assertThat(put("/api/ivr/demo", DEMO, null).statusCode()).as("no Content-Type is YAML").isEqualTo(201);
        String sameNumber = DEMO.replace("name: demo", "name: rival");
        HttpResponse<String> taken = put("/api/ivr/rival", sameNumber, "application/yaml");
        assertField(taken, 409, "number");
        assertThat(json(taken).get("error").asText()).isEqualTo("number '8000' already routes to IVR application 'demo'");
        send(authed("/api/ivr/demo").DELETE().build());
    }

    @Test
    void needsCredentials() throws Exception {
        HttpResponse<String> r = send(request("/api/ivr").GET().build());

        assertThat(r.statusCode()).isEqualTo(401);
    }

    private static JsonNode find(JsonNode items, String name) {
        for (JsonNode item : items) {
            if (item.get("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError(name + " not listed in " + items);
    }

    private static void assertField(HttpResponse<String> r, int status, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).get("field").asText()).as(r.body()).isEqualTo(field);
    }

    private HttpResponse<String> put(String path, String yaml, String contentType) throws Exception {
        HttpRequest.Builder b = authed(path).PUT(BodyPublishers.ofString(yaml));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30));
    }

    private HttpRequest.Builder authed(String path) {
        String basic = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return request(path).header("Authorization", "Basic " + basic);
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }
}
