package io.switchboard.signaling.admin;

import io.javalin.config.RoutesConfig;
import io.switchboard.common.metrics.ProcessMetrics;

/** {@code GET /metrics}: Prometheus text exposition of this process's meters, JVM included. */
public final class MetricsRoutes implements AdminRoutes {
    private final ProcessMetrics metrics;

    public MetricsRoutes(ProcessMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }
}
