package io.switchboard.dist;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/** A thin HTTP client of the admin API for the admin commands ({@code user}, {@code queue}, {@code agent}); errors carry the API's own message. */
public final class AdminClient {
    /** The API answered with an error, or could not be reached. */
    public static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ApiError(String message) {
            super(message);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String authorization;

    public AdminClient(URI base, String password) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code value} as one path segment, percent-encoded. */
    public static String segment(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public String get(String path) {
        return send(request(path).GET().build());
    }

    /** The body of a GET, or empty when the API answers 404 (the thing is not there); other errors throw as {@link #get}. */
    public java.util.Optional<String> find(String path) {
        HttpRequest request = request(path).GET().build();
        HttpResponse<String> r = exchange(request);
        return r.statusCode() == 404 ? java.util.Optional.empty() : java.util.Optional.of(checked(request, r));
    }

    /** Where the API is, for messages. */
    public URI base() {
        return base;
    }

    public String postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public String putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public String delete(String path) {
        return send(request(path).DELETE().build());
    }

    /** Deletes; false when the API answers 404 (the thing is not there); other errors throw as {@link #delete}. */
    public boolean deleteIfPresent(String path) {
        HttpRequest request = request(path).DELETE().build();
        HttpResponse<String> r = exchange(request);
        if (r.statusCode() == 404) {
            return false;
        }
        checked(request, r);
        return true;
    }

    /** Streams the file; the server streams it too, so a 1,000,000-line CSV never sits in memory. */
    String postFile(String path, Path file) throws IOException {
        return send(request(path).header("Content-Type", "text/csv").timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build());
    }

    /**
     * The API's error message, with the field it names: {@code number 1001 is the extension of a user (field
     * number)}; a body that is not the API's error shape is shown as it is.
     */
    public static String explained(String body) {
        try {
            com.fasterxml.jackson.databind.JsonNode error = JSON.readTree(body);
            if (error != null && error.path("error").isTextual()) {
                String field = error.path("field").asText("");
                return error.get("error").asText() + (field.isEmpty() ? "" : " (field " + field + ")");
            }
        } catch (java.io.IOException e) {
            // Not JSON: shown as it came.
        }
        return body;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30));
    }

    private String send(HttpRequest request) {
        return checked(request, exchange(request));
    }

    private static String checked(HttpRequest request, HttpResponse<String> r) {
        if (r.statusCode() >= 300) {
            throw new ApiError(request.method() + " " + request.uri().getPath() + " -> " + r.statusCode() + " " + explained(r.body()));
        }
        return r.body();
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // ConnectException has no message: name its kind instead of printing "(null)".
            String why = e.getMessage() != null ? e.getMessage()
                    : e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
            throw new ApiError("cannot reach the admin API at " + base + " (" + why + "); is switchboard running?"
                    + " Pass --api http://HOST:PORT for another address or http.port");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError("interrupted");
        }
    }
}
