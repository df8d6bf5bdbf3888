package io.switchboard.signaling.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.signaling.call.CallRecord;
import io.switchboard.signaling.call.CallStore;
import io.switchboard.signaling.cdr.Cdr;
import io.switchboard.signaling.cdr.CdrStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/calls}: live calls from the cluster's {@code calls} map;
 * {@code GET /api/cdrs?from=&to=&offset=&limit=}: call detail records, newest first
 * ({@code from}/{@code to} as ISO-8601 instants, e.g. 2026-11-25T00:00:00Z).
 */
public final class CallRoutes implements AdminRoutes {
    private static final int MAX_LIMIT = 1000;
    private final CallStore calls;
    private final CdrStore cdrs;

    public CallRoutes(CallStore calls, CdrStore cdrs) {
        this.calls = calls;
        this.cdrs = cdrs;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/calls", ctx -> {
            List<CallRecord> live = calls.all();
            ctx.json(Map.of("total", live.size(), "items", live));
        });
        routes.get("/api/cdrs", this::cdrs);
    }

    private void cdrs(Context ctx) throws SQLException {
        Instant from = QueryParams.instant(ctx, "from", Instant.EPOCH);
        Instant to = QueryParams.instant(ctx, "to", Instant.now().plusSeconds(1));
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("from", "from must be before to");
        }
        int offset = QueryParams.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = QueryParams.integer(ctx, "limit", 100, 1, MAX_LIMIT);
        List<Cdr> page = cdrs.page(from, to, offset, limit);
        ctx.json(Map.of("total", cdrs.count(from, to), "offset", offset, "limit", limit, "items", page));
    }
}
