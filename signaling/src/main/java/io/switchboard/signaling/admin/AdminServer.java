package io.switchboard.signaling.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.EndpointNotFound;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server (Javalin 7 on Jetty 12): every route needs HTTP Basic as {@code admin}
 * except the public paths (health probes, Prometheus scrapes), and every error leaves in one
 * JSON shape, {@code {"error": "...", "field": "..."}}, mapped here and nowhere else.
 */
public final class AdminServer {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    /** Reachable without credentials unless the constructor is given another list. */
    public static final List<String> DEFAULT_PUBLIC_PATHS = List.of("/api/health", "/metrics");

    /**
     * The portal's pages: no framing (clickjacking), no MIME sniffing, scripts and styles from this origin
     * only ('unsafe-eval' because Alpine.js evaluates its attribute expressions), no caching of the app.
     */
    static final Map<String, String> PORTAL_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline';"
                    + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "same-origin",
            "Cache-Control", "no-cache");

    private final Set<String> publicPaths;
    private Javalin app;

    public AdminServer() {
        this(DEFAULT_PUBLIC_PATHS);
    }

    /** @param publicPaths exact request paths that need no credentials */
    public AdminServer(Collection<String> publicPaths) {
        this.publicPaths = new LinkedHashSet<>(publicPaths);
    }

    /** Starts listening; {@code port} 0 picks a free port, see {@link #port()}. */
    public synchronized void start(String bindAddress, int port, String adminPassword, List<AdminRoutes> routes) {
        start(bindAddress, port, adminPassword, AdminLockout.local(System::currentTimeMillis),
                PortalSessions.local(System::currentTimeMillis), routes);
    }

    /**
     * @param lockout  the back-off for wrong passwords: {@link AdminLockout#shared} in a cluster
     * @param sessions the portal's sign-ins: {@link PortalSessions#shared} in a cluster
     */
    public synchronized void start(String bindAddress, int port, String adminPassword, AdminLockout lockout,
            PortalSessions sessions, List<AdminRoutes> routes) {
        if (app != null) {
            throw new IllegalStateException("admin server already started");
        }
        AdminCredential credential = new AdminCredential(adminPassword);
        AdminAuth auth = new AdminAuth(credential, publicPaths, lockout, sessions);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(AdminJson.MAPPER, false));
            config.http.defaultContentType = "application/json";
            // The portal: its pages from the class path, its libraries from WebJars (no CDN: it works offline).
            if (AdminServer.class.getResource("/portal/index.html") != null) { // absent only in a build without the portal
                config.staticFiles.add(files -> {
                    files.hostedPath = "/portal";
                    files.directory = "/portal";
                    files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
                    files.headers = PORTAL_HEADERS;
                });
            }
            config.staticFiles.enableWebjars();
            config.routes.before(auth);
            new PortalRoutes(credential, lockout, sessions).addTo(config.routes);
            for (AdminRoutes r : routes) {
                r.addTo(config.routes);
            }
            mapErrors(config.routes);
        });
        try {
            app.start(bindAddress, port);
        } catch (RuntimeException e) {
            app = null;
            throw io.switchboard.common.lifecycle.ListenError.of("admin API http", bindAddress, port, e);
        }
        log.info("admin API listening on {}:{}", bindAddress, app.port());
    }

    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("admin server not started");
        }
        return app.port();
    }

    public synchronized void stop() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    private static void mapErrors(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            if (e.status() == 401 && AdminAuth.wantsChallenge(ctx)) {
                ctx.header("WWW-Authenticate", AdminAuth.CHALLENGE);
            }
            error(ctx, e.status(), e.field(), e.getMessage());
        });
        routes.exception(JsonProcessingException.class, (e, ctx) ->
                error(ctx, 400, "body", "request body is not valid JSON: " + e.getOriginalMessage()));
        routes.exception(EndpointNotFound.class, (e, ctx) ->
                error(ctx, 404, null, "no such resource: " + ctx.method() + " " + ctx.path()));
        // Javalin's own refusals (413 body too large, 400 from its validators, ...).
        routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), null, e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("admin API {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, null, "internal error (" + e.getClass().getSimpleName() + "), see the server log");
        });
    }

    private static void error(Context ctx, int status, String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        ctx.status(status).json(body);
    }
}
