package io.switchboard.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.signaling.directory.ImportReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The parts of the signaling admin API a load run uses, over java.net.http with HTTP Basic auth. */
public final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String authorization;

    public AdminClient(int httpPort, String adminPassword) {
        this.base = URI.create("http://" + Sipp.LOOPBACK + ":" + httpPort);
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /api/users/import}, the file streamed as the body (never read whole). */
    public ImportReport importUsers(Path csv, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = request("/api/users/import", timeout)
                .header("Content-Type", "text/csv")
                .POST(BodyPublishers.ofFile(csv))
                .build();
        JsonNode body = send(request);
        List<String> errors = new ArrayList<>();
        body.path("errors").forEach(e -> errors.add(e.asText()));
        return new ImportReport(body.path("imported").asLong(), body.path("failed").asLong(), errors,
                body.path("elapsedMillis").asLong());
    }

    /** The contacts {@code GET /api/registrations?ext=} lists for one extension. */
    public List<String> contacts(String extension) throws IOException, InterruptedException {
        JsonNode body = send(request("/api/registrations?ext=" + URLEncoder.encode(extension, StandardCharsets.UTF_8),
                Duration.ofSeconds(10)).GET().build());
        List<String> out = new ArrayList<>();
        for (JsonNode item : body.path("items")) {
            item.path("contacts").forEach(c -> out.add(c.path("contact").asText()));
        }
        return out;
    }

    /** A node as {@code GET /api/nodes} lists it. */
    public record Node(String name, String role, boolean online, int activeSessions) {
    }

    /** A call detail record as {@code GET /api/cdrs} lists it. */
    public record CallDetail(String callId, String caller, String callee, String disposition, int sipStatus,
                             String endedBy, String mediaNode, long durationMillis, String trunk, String sentNumber) {
    }

    /** {@code GET /api/nodes?role=}: the cluster registry as signaling sees it. */
    public List<Node> nodes(String role) throws IOException, InterruptedException {
        JsonNode body = send(request("/api/nodes?role=" + URLEncoder.encode(role, StandardCharsets.UTF_8),
                Duration.ofSeconds(10)).GET().build());
        List<Node> out = new ArrayList<>();
        for (JsonNode n : body.path("items")) {
            // Online here means given work: heartbeating, in the server inventory and enabled.
            out.add(new Node(n.path("name").asText(), n.path("role").asText(), "online".equals(n.path("status").asText()),
                    n.path("activeSessions").asInt()));
        }
        return out;
    }

    /** The newest {@code GET /api/cdrs} page (up to 1000 records), newest first. */
    public List<CallDetail> cdrs() throws IOException, InterruptedException {
        JsonNode body = send(request("/api/cdrs?limit=1000", Duration.ofSeconds(10)).GET().build());
        List<CallDetail> out = new ArrayList<>();
        for (JsonNode c : body.path("items")) {
            out.add(new CallDetail(c.path("callId").asText(), c.path("caller").asText(), c.path("callee").asText(),
                    c.path("disposition").asText(), c.path("sipStatus").asInt(), c.path("endedBy").asText(),
                    c.path("mediaNode").asText(), c.path("durationMillis").asLong(), c.path("trunk").asText(),
                    c.path("sentNumber").asText()));
        }
        return out;
    }

    /** {@code POST} of a JSON body (queues, agents); the answer's JSON. */
    public JsonNode postJson(String path, String json) throws IOException, InterruptedException {
        return send(request(path, Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)).build());
    }

    /** {@code PUT} of a JSON body; the answer's JSON. */
    public JsonNode putJson(String path, String json) throws IOException, InterruptedException {
        return send(request(path, Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(json)).build());
    }

    /** {@code POST} of a JSON body whatever the answer: for refusals, whose status and body a test checks. */
    public HttpResponse<String> postRaw(String path, String json) throws IOException, InterruptedException {
        return http.send(request(path, Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)).build(), BodyHandlers.ofString());
    }

    /** {@code PUT} of a JSON body whatever the answer: for refusals, whose status and body a test checks. */
    public HttpResponse<String> putRaw(String path, String json) throws IOException, InterruptedException {
        return http.send(request(path, Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(json)).build(), BodyHandlers.ofString());
    }

    /** {@code DELETE} of a resource; its status code (2xx and 404 alike, so a test can check either). */
    public int delete(String path) throws IOException, InterruptedException {
        return http.send(request(path, Duration.ofSeconds(10)).DELETE().build(), BodyHandlers.discarding()).statusCode();
    }

    /** {@code GET} of a JSON resource. */
    public JsonNode getJson(String path) throws IOException, InterruptedException {
        return send(request(path, Duration.ofSeconds(10)).GET().build());
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Authorization", authorization);
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
