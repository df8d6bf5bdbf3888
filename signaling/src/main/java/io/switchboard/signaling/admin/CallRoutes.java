package io.switchboard.signaling.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.signaling.call.CallHangups;
import io.switchboard.signaling.call.CallRecord;
import io.switchboard.signaling.call.CallStore;
import io.switchboard.signaling.cdr.Cdr;
import io.switchboard.signaling.cdr.CdrFilter;
import io.switchboard.signaling.cdr.CdrStore;
import io.switchboard.signaling.cdr.Disposition;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /api/calls}: live calls from the cluster's {@code calls} map;
 * {@code DELETE /api/calls/{id}}: hang a live call up (202; the call leaves the list once its BYEs are sent);
 * {@code POST|DELETE /api/calls/{id}/recording}: start or stop recording a live call on its media node (a WAV
 * file of both directions there); 502 naming the node when it refuses;
 * {@code GET /api/cdrs?from=&to=&ext=&disposition=&offset=&limit=}: call detail records, newest first
 * ({@code from}/{@code to} as ISO-8601 instants, e.g. 2026-11-25T00:00:00Z; {@code ext} as caller or
 * callee; {@code disposition} one of {@link Disposition}, any case).
 */
public final class CallRoutes implements AdminRoutes {
    private static final int MAX_LIMIT = 1000;
    private final CallStore calls;
    private static final Pattern EXTENSION = Pattern.compile("[0-9A-Za-z+*#._-]{1,64}");
    private final CdrStore cdrs;
    private final CallHangups hangups;

    private final io.switchboard.common.ng.NgSender ng;

    public CallRoutes(CallStore calls, CdrStore cdrs, CallHangups hangups, io.switchboard.common.ng.NgSender ng) {
        this.calls = calls;
        this.cdrs = cdrs;
        this.hangups = hangups;
        this.ng = ng;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/calls", ctx -> {
            List<CallRecord> live = calls.all();
            ctx.json(Map.of("total", live.size(), "items", live));
        });
        routes.delete("/api/calls/{id}", this::hangUp);
        routes.post("/api/calls/{id}/recording", ctx -> recording(ctx, true));
        routes.delete("/api/calls/{id}/recording", ctx -> recording(ctx, false));
        routes.get("/api/cdrs", this::cdrs);
    }

    private void hangUp(Context ctx) {
        String id = ctx.pathParam("id");
        if (!hangups.hangUp(id)) {
            throw ApiException.notFound("no live call " + id);
        }
        ctx.status(202).json(Map.of("id", id, "hangingUp", true));
    }

    /** The call's media node starts or stops its recording (ng start/stop recording, media-server README-ng.md). */
    private void recording(Context ctx, boolean on) throws Exception {
        String id = ctx.pathParam("id");
        CallRecord call = calls.get(id).orElseThrow(() -> ApiException.notFound("no live call " + id));
        int colon = call.mediaNg().lastIndexOf(':');
        java.net.InetSocketAddress node = new java.net.InetSocketAddress(call.mediaNg().substring(0, colon),
                Integer.parseInt(call.mediaNg().substring(colon + 1)));
        io.switchboard.common.ng.NgCommand command = io.switchboard.common.ng.NgCommand.builder(on
                ? io.switchboard.common.ng.NgCommand.Name.START_RECORDING : io.switchboard.common.ng.NgCommand.Name.STOP_RECORDING)
                .callId(id).build();
        io.switchboard.common.ng.NgReply reply;
        try {
            reply = ng.send(node, command).get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ApiException(502, "id", "media node " + call.mediaNode() + " did not answer: " + e.getMessage());
        }
        if (!reply.ok()) {
            throw new ApiException(502, "id", "media node " + call.mediaNode() + " refused: " + reply.errorReason());
        }
        ctx.json(Map.of("id", id, "recording", on, "mediaNode", call.mediaNode()));
    }

    private void cdrs(Context ctx) throws SQLException {
        Instant from = QueryParams.instant(ctx, "from", Instant.EPOCH);
        Instant to = QueryParams.instant(ctx, "to", Instant.now().plusSeconds(1));
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("from", "from must be before to");
        }
        CdrFilter filter = new CdrFilter(from, to, extension(ctx), disposition(ctx));
        int offset = QueryParams.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = QueryParams.integer(ctx, "limit", 100, 1, MAX_LIMIT);
        List<Cdr> page = cdrs.page(filter, offset, limit);
        ctx.json(Map.of("total", cdrs.count(filter), "offset", offset, "limit", limit, "items", page));
    }

    private static Optional<String> extension(Context ctx) {
        Optional<String> ext = Optional.ofNullable(ctx.queryParam("ext")).map(String::strip).filter(s -> !s.isEmpty());
        if (ext.isPresent() && !EXTENSION.matcher(ext.get()).matches()) {
            throw ApiException.badRequest("ext", "ext must be an extension or number (digits, letters, + * # . _ -), got '"
                    + ext.get() + "'");
        }
        return ext;
    }

    private static Optional<Disposition> disposition(Context ctx) {
        Optional<String> raw = Optional.ofNullable(ctx.queryParam("disposition")).map(String::strip).filter(s -> !s.isEmpty());
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Disposition.valueOf(raw.get().toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("disposition", "disposition must be one of "
                    + Arrays.toString(Disposition.values()).toLowerCase(Locale.ROOT) + ", got '" + raw.get() + "'");
        }
    }
}
