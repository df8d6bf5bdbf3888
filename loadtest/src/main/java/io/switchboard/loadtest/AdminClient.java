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

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Authorization", authorization);
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
