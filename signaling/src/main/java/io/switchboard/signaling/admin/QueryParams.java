package io.switchboard.signaling.admin;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters read one way everywhere: a bad value is a 400 that names the parameter. */
final class QueryParams {
    private QueryParams() {
    }

    static int integer(Context ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return dflt;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " '" + raw + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw ApiException.badRequest(name, name + " must be between " + min + " and " + max);
        }
        return value;
    }

    static Instant instant(Context ctx, String name, Instant dflt) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, name + " must be an ISO-8601 instant like 2026-11-25T00:00:00Z, got '" + raw + "'");
        }
    }
}
