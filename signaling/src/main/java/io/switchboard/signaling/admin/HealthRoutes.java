package io.switchboard.signaling.admin;

import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /api/health}: {"status":"UP"} plus whatever the supplier adds; public, for probes and keepalived. */
public final class HealthRoutes implements AdminRoutes {

    private final Supplier<Map<String, Object>> details;

    public HealthRoutes() {
        this(Map::of);
    }

    /** @param details extra fields, asked for on every probe; a "status" among them wins */
    public HealthRoutes(Supplier<Map<String, Object>> details) {
        this.details = details;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/health", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "UP");
            body.putAll(details.get());
            ctx.json(body);
        });
    }
}
