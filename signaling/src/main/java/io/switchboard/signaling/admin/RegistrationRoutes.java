package io.switchboard.signaling.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.signaling.location.Binding;
import io.switchboard.signaling.location.Bindings;
import io.switchboard.signaling.location.LocationService;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/registrations[?ext=&offset=&limit=]}: live bindings from the location service. */
public final class RegistrationRoutes implements AdminRoutes {
    private static final int MAX_LIMIT = 1000;
    private final LocationService location;

    public RegistrationRoutes(LocationService location) {
        this.location = location;
    }

    /** One registered contact as the API shows it. */
    public record ContactView(String contact, String source, String transport, long expiresInSeconds,
                              String instanceId, String userAgent, long registeredAt) {
        static ContactView of(Binding b, long now) {
            return new ContactView(b.contact(), b.source(), b.transport(), b.secondsLeft(now), b.instanceId(),
                    b.userAgent(), b.registeredAt());
        }
    }

    /** All contacts of one extension. */
    public record RegistrationView(String extension, List<ContactView> contacts) {
        static RegistrationView of(Bindings b, long now) {
            return new RegistrationView(b.aor(), b.contacts().stream().map(c -> ContactView.of(c, now)).toList());
        }
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/registrations", this::list);
    }

    private void list(Context ctx) {
        Optional<String> ext = Optional.ofNullable(ctx.queryParam("ext")).filter(s -> !s.isBlank());
        int offset = param(ctx, "offset", 0, Integer.MAX_VALUE, 0);
        int limit = param(ctx, "limit", 1, MAX_LIMIT, 100);
        long now = location.now();
        List<RegistrationView> items = location.page(ext, offset, limit).stream()
                .map(b -> RegistrationView.of(b, now)).toList();
        ctx.json(Map.of("total", ext.isPresent() ? items.size() : location.size(), "offset", offset, "limit", limit,
                "items", items));
    }

    private static int param(Context ctx, String name, int min, int max, int dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ApiException.badRequest(name, name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be a whole number, got '" + v + "'");
        }
    }
}
