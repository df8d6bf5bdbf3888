package io.switchboard.signaling.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The portal's sign-in over real HTTP: a session cookie (HttpOnly, SameSite=Strict) that reads the
 * API, a CSRF token every change must carry, sign-out, the shared wrong-password back-off, and no
 * Basic challenge (browser dialog) for the portal's own requests. Scripts keep HTTP Basic.
 */
class PortalSessionTest {
    private static final String PASSWORD = "portal-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private AdminServer server;
    private String base;

    @BeforeEach
    void start() {
        server = new AdminServer();
        server.start("127.0.0.1", 0, PASSWORD, AdminLockout.local(System::currentTimeMillis),
                PortalSessions.local(System::currentTimeMillis), List.of(routes -> {
            routes.get("/api/thing", ctx -> ctx.json(java.util.Map.of("ok", true)));
            routes.post("/api/thing", ctx -> ctx.status(204));
        }));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header(AdminAuth.PORTAL_HEADER, "1");
    }

    private HttpResponse<String> login(String password) throws Exception {
        return send(req(PortalRoutes.LOGIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}")));
    }

    @Test
    void signInSetsAnHttpOnlySameSiteCookieThatReadsTheApiAndChangesNeedTheCsrfToken() throws Exception {
        HttpResponse<String> wrong = login("not-the-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).path("field").asText()).isEqualTo("password");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).as("no browser password dialog").isEmpty();

        HttpResponse<String> ok = login(PASSWORD);
        assertThat(ok.statusCode()).isEqualTo(200);
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(PortalSessions.COOKIE + "=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict").contains("Path=/");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = JSON.readTree(ok.body()).path("csrf").asText();
        assertThat(csrf).hasSizeGreaterThan(20);

        assertThat(send(req("/api/thing").header("Cookie", cookie).GET()).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(send(req("/portal/api/session").header("Cookie", cookie).GET()).body()).path("csrf").asText())
                .isEqualTo(csrf);
        HttpResponse<String> forged = send(req("/api/thing").header("Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(forged.statusCode()).as("a change without the CSRF token").isEqualTo(403);
        assertThat(send(req("/api/thing").header("Cookie", cookie).header(AdminAuth.CSRF_HEADER, "x" + csrf)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
        assertThat(send(req("/api/thing").header("Cookie", cookie).header(AdminAuth.CSRF_HEADER, csrf)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(204);

        assertThat(send(req("/portal/api/logout").header("Cookie", cookie).header(AdminAuth.CSRF_HEADER, csrf)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(204);
        HttpResponse<String> after = send(req("/api/thing").header("Cookie", cookie).GET());
        assertThat(after.statusCode()).as("the old cookie after sign-out").isEqualTo(401);
        assertThat(send(req("/portal/api/session").header("Cookie", cookie).GET()).statusCode()).isEqualTo(401);
    }

    @Test
    void scriptsKeepHttpBasicAndGetTheChallengeWithoutThePortalHeader() throws Exception {
        HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(base + "/api/thing")).GET());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/thing")).header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).as("Basic needs no CSRF token").isEqualTo(204);
    }

    @Test
    void repeatedWrongPasswordsFromOneSourceAreLockedOutWithRetryAfter() throws Exception {
        int status = 0;
        for (int i = 0; i < 12 && status != 429; i++) {
            status = login("wrong-" + i).statusCode();
        }
        assertThat(status).isEqualTo(429);
        HttpResponse<String> locked = login(PASSWORD);
        assertThat(locked.statusCode()).as("even the right password while locked out").isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void theBundledLibrariesAreServedWithoutSigningIn() throws Exception {
        HttpResponse<String> alpine = send(HttpRequest.newBuilder(URI.create(base + "/webjars/alpinejs/3.14.9/dist/cdn.min.js")).GET());
        assertThat(alpine.statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")).GET())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void thePortalPageIsPublicAndCannotBeFramedOrSniffed() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/portal/")).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/portal")).GET()).statusCode()).as("without the slash too").isEqualTo(200);
    }

    @Test
    void aSessionEndsAfterThirtyIdleMinutesAndAnActiveOneLives() {
        AtomicLong now = new AtomicLong(1_000_000);
        PortalSessions sessions = PortalSessions.local(now::get);
        String[] a = sessions.open();
        String[] b = sessions.open();
        now.addAndGet(PortalSessions.IDLE.toMillis() - 1000);
        assertThat(sessions.touch(b[0])).isPresent();
        now.addAndGet(2000);
        assertThat(sessions.touch(a[0])).as("idle 30 min").isEmpty();
        assertThat(sessions.touch(b[0])).as("touched 2 s ago").isPresent();
        assertThat(sessions.touch("forged")).isEmpty();
    }

    @Test
    void theThousandAndFirstSignInEndsTheSessionIdleLongest() {
        AtomicLong now = new AtomicLong(1_000_000);
        PortalSessions sessions = PortalSessions.local(now::get);
        String first = sessions.open()[0];
        now.incrementAndGet();
        String second = sessions.open()[0];
        for (int i = 2; i < PortalSessions.MAX; i++) {
            now.incrementAndGet();
            sessions.open();
        }
        now.addAndGet(PortalSessions.TOUCH_GRANULARITY_MILLIS);
        sessions.touch(first); // the first is in use again: the second is now idle longest

        sessions.open();
        assertThat(sessions.touch(first)).isPresent();
        assertThat(sessions.touch(second)).as("made room for the new one").isEmpty();
    }

    /** The signaling pair (issue: sessions were per member): a failover must not sign the operator out. */
    @Test
    void aSessionOpenedOnOneSignalingMemberIsValidOnTheOtherAndSigningOutThereEndsIt() {
        String cluster = "portal-" + java.util.UUID.randomUUID();
        com.hazelcast.core.HazelcastInstance a = member(cluster);
        com.hazelcast.core.HazelcastInstance b = member(cluster);
        try {
            PortalSessions onA = PortalSessions.shared(a);
            PortalSessions onB = PortalSessions.shared(b);
            String[] opened = onA.open();
            assertThat(onB.touch(opened[0])).map(PortalSessions.Session::csrf).contains(opened[1]);
            assertThat(a.getMap(PortalSessions.MAP_NAME).keySet()).as("kept under a hash, never the cookie itself")
                    .doesNotContain(opened[0]);
            onB.close(opened[0]);
            assertThat(onA.touch(opened[0])).isEmpty();
        } finally {
            b.shutdown();
            a.shutdown();
        }
    }

    private static com.hazelcast.core.HazelcastInstance member(String cluster) {
        return io.switchboard.signaling.testing.PairMembers.member(cluster, 5931, PortalSessions::configure);
    }
}
