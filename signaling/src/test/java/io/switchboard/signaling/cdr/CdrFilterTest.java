package io.switchboard.signaling.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.signaling.admin.AdminServer;
import io.switchboard.signaling.admin.CallRoutes;
import io.switchboard.signaling.directory.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDR listing's filters (time, extension as caller or callee, disposition) in SQL and over the admin API. */
class CdrFilterTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private static final Instant END = Instant.parse("2100-01-01T00:00:00Z");
    private static final String PASSWORD = "correct horse";

    @TempDir
    Path dir;
    private Database database;
    private CdrStore store;
    private AdminServer api;

    @BeforeEach
    void open() throws Exception {
        database = Database.open("jdbc:h2:file:" + dir.resolve("cdrs").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        store = new CdrStore(database.dataSource());
        store.insertAll(List.of(
                cdr("a", "1001", "1002", 0, Disposition.ANSWERED),
                cdr("b", "1002", "1003", 60, Disposition.BUSY),
                cdr("c", "1003", "1001", 120, Disposition.NO_ANSWER),
                cdr("d", "1004", "1005", 180, Disposition.ANSWERED),
                cdr("e", "10011", "1005", 240, Disposition.ANSWERED)));
    }

    @AfterEach
    void close() throws Exception {
        if (api != null) {
            api.stop();
        }
        database.close();
    }

    @Test
    void anExtensionSelectsItsCallsAsCallerAndAsCalleeAndNothingThatOnlyStartsWithIt() throws Exception {
        CdrFilter of1001 = new CdrFilter(Instant.EPOCH, END, Optional.of("1001"), Optional.empty());

        assertThat(store.page(of1001, 0, 10)).extracting(Cdr::id).containsExactly("c", "a");
        assertThat(store.count(of1001)).isEqualTo(2);
    }

    @Test
    void aDispositionAndAnExtensionCombineWithTheTimeRange() throws Exception {
        CdrFilter answered = new CdrFilter(Instant.EPOCH, END, Optional.empty(), Optional.of(Disposition.ANSWERED));
        CdrFilter answeredTo1005Late = new CdrFilter(T.plusSeconds(200), END, Optional.of("1005"),
                Optional.of(Disposition.ANSWERED));

        assertThat(store.page(answered, 0, 10)).extracting(Cdr::id).containsExactly("e", "d", "a");
        assertThat(store.page(answered, 1, 1)).extracting(Cdr::id).containsExactly("d");
        assertThat(store.page(answeredTo1005Late, 0, 10)).extracting(Cdr::id).containsExactly("e");
        assertThat(store.count(answeredTo1005Late)).isEqualTo(1);
    }

    @Test
    void theApiFiltersByExtAndDispositionAndNamesABadValuesField() throws Exception {
        api = new AdminServer();
        api.start("127.0.0.1", 0, PASSWORD, List.of(new CallRoutes(null, store, null, null)));

        JsonNode busy = get("/api/cdrs?ext=1002&disposition=busy");
        assertThat(busy.path("total").asLong()).isEqualTo(1);
        assertThat(busy.path("items").get(0).path("id").asText()).isEqualTo("b");
        assertThat(get("/api/cdrs?disposition=no_answer").path("items").get(0).path("id").asText()).isEqualTo("c");

        HttpResponse<String> bad = send("/api/cdrs?disposition=lost");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(bad.body()).path("field").asText()).isEqualTo("disposition");
        assertThat(bad.body()).contains("answered").contains("no_answer");
        HttpResponse<String> badExt = send("/api/cdrs?ext=1001%27%20OR%201=1");
        assertThat(badExt.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(badExt.body()).path("field").asText()).isEqualTo("ext");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    private HttpResponse<String> send(String path) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Cdr cdr(String id, String caller, String callee, int atSeconds, Disposition disposition) {
        Instant start = T.plusSeconds(atSeconds);
        boolean answered = disposition == Disposition.ANSWERED;
        return new Cdr(id, "call-" + id, caller, callee, start, answered ? start.plusSeconds(1) : null,
                start.plusSeconds(5), answered ? 4000 : 0, disposition, answered ? 200 : 486, "caller", "media-1");
    }
}
