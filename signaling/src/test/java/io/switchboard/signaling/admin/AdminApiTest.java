package io.switchboard.signaling.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.signaling.directory.DirectoryCluster;
import io.switchboard.signaling.directory.GeneratedCsv;
import io.switchboard.signaling.directory.UserDirectory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {

    private static final String PASSWORD = "correct horse";
    private static final ObjectMapper JSON = new ObjectMapper();

    DirectoryCluster cluster;
    AdminServer server;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(@TempDir Path dataDir) {
        cluster = new DirectoryCluster(dataDir);
        UserDirectory directory = cluster.newMemberDirectory();
        AdminRoutes failing = routes -> routes.get("/api/boom", ctx -> {
            throw new IllegalStateException("secret internals");
        });
        server = new AdminServer();
        server.start("127.0.0.1", 0, PASSWORD,
                List.of(new HealthRoutes(() -> Map.of("node", "pbx01")), new UserRoutes(directory), failing));
    }

    @AfterAll
    void stop() {
        server.stop();
        cluster.close();
    }

    @Test
    void healthNeedsNoCredentials() throws Exception {
        HttpResponse<String> r = send(request("/api/health").GET().build());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("UP");
        assertThat(json(r).get("node").asText()).isEqualTo("pbx01");
    }

    @Test
    void missingCredentialsGet401WithBasicChallenge_rfc7617_2() throws Exception {
        HttpResponse<String> r = send(request("/api/users").GET().build());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Basic realm=\"switchboard\""));
        assertThat(json(r).get("error").asText()).isEqualTo("authentication required");
    }

    @Test
    void wrongPasswordOrUserGets401() throws Exception {
        assertThat(send(request("/api/users").header("Authorization", basic("admin", "wrong")).GET().build())
                .statusCode()).isEqualTo(401);
        assertThat(send(request("/api/users").header("Authorization", basic("root", PASSWORD)).GET().build())
                .statusCode()).isEqualTo(401);
        assertThat(send(request("/api/users").header("Authorization", "Basic !!!").GET().build())
                .statusCode()).isEqualTo(401);
    }

    @Test
    void userLifecycleCreateConflictGetUpdateDelete() throws Exception {
        HttpResponse<String> created = send(authed("/api/users")
                .POST(jsonBody("{\"extension\":\"5001\",\"password\":\"Kq7-vault-Rx9z\",\"displayName\":\"Alice\"}")).build());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("extension").asText()).isEqualTo("5001");
        assertThat(created.body()).doesNotContain("ha1").doesNotContain("Kq7-vault-Rx9z");

        HttpResponse<String> again = send(authed("/api/users")
                .POST(jsonBody("{\"extension\":\"5001\",\"password\":\"other-Wd5k-Lm2q\"}")).build());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("field").asText()).isEqualTo("extension");

        HttpResponse<String> got = send(authed("/api/users/5001").GET().build());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(json(got).get("displayName").asText()).isEqualTo("Alice");
        assertThat(json(got).get("enabled").asBoolean()).isTrue();
        assertThat(json(got).has("ha1Md5")).isFalse();

        HttpResponse<String> updated = send(authed("/api/users/5001")
                .PUT(jsonBody("{\"displayName\":\"Alice B\",\"enabled\":false}")).build());
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated).get("displayName").asText()).isEqualTo("Alice B");
        assertThat(json(updated).get("enabled").asBoolean()).isFalse();

        assertThat(send(authed("/api/users/5001").DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(send(authed("/api/users/5001").DELETE().build()).statusCode()).isEqualTo(404);
        HttpResponse<String> gone = send(authed("/api/users/5001").GET().build());
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).get("error").asText()).isEqualTo("user '5001' not found");
    }

    @Test
    void badRequestsName400TheField() throws Exception {
        assertField(send(authed("/api/users").POST(jsonBody("{\"password\":\"Kq7-vault-Rx9z\"}")).build()), 400, "extension");
        assertField(send(authed("/api/users").POST(jsonBody("{\"extension\":\"5002\"}")).build()), 400, "password");
        assertField(send(authed("/api/users").POST(jsonBody("{\"extension\":\"a b\",\"password\":\"Kq7-vault-Rx9z\"}")).build()),
                400, "extension");
        assertField(send(authed("/api/users").POST(jsonBody("{\"extension\":\"5002\",\"password\":\"\"}")).build()),
                400, "password");
        HttpResponse<String> weak = send(authed("/api/users")
                .POST(jsonBody("{\"extension\":\"5002\",\"password\":\"secret5002\"}")).build());
        assertField(weak, 400, "password");
        assertThat(json(weak).get("error").asText()).startsWith("password is too easy to guess")
                .contains("auth.password-min-strength");
        assertField(send(authed("/api/users")
                .POST(jsonBody("{\"extension\":\"5002\",\"password\":\"Kq7-vault-Rx9z\",\"enabled\":\"yes\"}")).build()), 400, "enabled");
        assertField(send(authed("/api/users")
                .POST(jsonBody("{\"extension\":\"5002\",\"password\":\"Kq7-vault-Rx9z\",\"colour\":\"red\"}")).build()), 400, "colour");
        HttpResponse<String> notJson = send(authed("/api/users").POST(jsonBody("{\"extension\":")).build());
        assertField(notJson, 400, "body");
        assertThat(json(notJson).get("error").asText()).startsWith("request body is not valid JSON");
        assertField(send(authed("/api/users/nobody").PUT(jsonBody("{\"displayName\":\"X\"}")).build()), 404, "extension");
        assertField(send(authed("/api/users?limit=1001").GET().build()), 400, "limit");
        assertField(send(authed("/api/users?offset=x").GET().build()), 400, "offset");
    }

    @Test
    void unknownRouteIs404Json() throws Exception {
        HttpResponse<String> r = send(authed("/api/nothing-here").GET().build());

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("no such resource: GET /api/nothing-here");
    }

    @Test
    void unexpectedExceptionIs500WithoutInternals() throws Exception {
        HttpResponse<String> r = send(authed("/api/boom").GET().build());

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).get("error").asText()).contains("internal error");
        assertThat(r.body()).doesNotContain("secret internals").doesNotContain("at io.switchboard");
    }

    @Test
    void usersArePagedInExtensionOrder() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(send(authed("/api/users")
                    .POST(jsonBody("{\"extension\":\"page" + i + "\",\"password\":\"Kq7-vault-Rx9z\"}")).build()).statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> all = send(authed("/api/users?limit=1000").GET().build());
        JsonNode body = json(all);
        assertThat(body.get("total").asLong()).isEqualTo(body.get("items").size());
        int first = indexOf(body.get("items"), "page0");

        JsonNode page = json(send(authed("/api/users?offset=" + (first + 1) + "&limit=2").GET().build()));
        assertThat(page.get("offset").asInt()).isEqualTo(first + 1);
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("items").get(0).get("extension").asText()).isEqualTo("page1");
        assertThat(page.get("items").get(1).get("extension").asText()).isEqualTo("page2");
        assertThat(page.get("items").get(0).has("ha1Md5")).isFalse();
    }

    /** 10,000 lines of 130 bytes is about 1.3 MB: past Javalin's default maxRequestSize (1 MB), which must not apply to a stream. */
    @Test
    void csvImportStreamsALargeBodyOverHttp() throws Exception {
        int lines = 10_000;
        BodyPublisher csv = BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                new ByteArrayInputStream("extension,password,display_name\n".getBytes(StandardCharsets.UTF_8)),
                new GeneratedCsv(lines, 700_000, 100)));

        HttpResponse<String> r = send(authed("/api/users/import").header("Content-Type", "text/csv").POST(csv).build());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("imported").asLong()).isEqualTo(lines);
        assertThat(json(r).get("failed").asLong()).isZero();
        assertThat(send(authed("/api/users/709999").GET().build()).statusCode()).isEqualTo(200);
    }

    @Test
    void csvImportReportsBadLines() throws Exception {
        InputStream body = new ByteArrayInputStream("6001,Kq7-vault-Rx9z,Ok\n6002,,Nope\n".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send(authed("/api/users/import").header("Content-Type", "text/csv")
                .POST(BodyPublishers.ofInputStream(() -> body)).build());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("imported").asLong()).isEqualTo(1);
        assertThat(json(r).get("errors").get(0).asText()).isEqualTo("line 2: password is empty");
    }

    private static int indexOf(JsonNode items, String extension) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).get("extension").asText().equals(extension)) {
                return i;
            }
        }
        throw new AssertionError(extension + " not listed");
    }

    private static void assertField(HttpResponse<String> r, int status, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).get("field").asText()).as(r.body()).isEqualTo(field);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(60));
    }

    private HttpRequest.Builder authed(String path) {
        return request(path).header("Authorization", basic("admin", PASSWORD));
    }

    private static BodyPublisher jsonBody(String json) {
        return BodyPublishers.ofString(json);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }
}
