package io.switchboard.signaling.admin;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/** {@code GET /api/stats/history}: the dashboard's last hour ({@link StatsHistory}), oldest point first. */
public final class StatsRoutes implements AdminRoutes {
    private final StatsHistory history;

    public StatsRoutes(StatsHistory history) {
        this.history = history;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/stats/history", ctx -> ctx.json(Map.of("intervalSeconds", StatsHistory.INTERVAL_SECONDS,
                "points", history.points())));
    }
}
