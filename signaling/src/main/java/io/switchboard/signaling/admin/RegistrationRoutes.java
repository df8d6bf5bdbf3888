package io.switchboard.signaling.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.signaling.location.Binding;
import io.switchboard.signaling.location.Bindings;
import io.switchboard.signaling.location.LocationService;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/registrations[?ext=&offset=&limit=]}: live bindings from the location service.
 * {@code ext} may list up to 1000 extensions, comma-separated (the portal asks for one page of users
 * at once); each is a lookup in this member's replica, so the answer never scans the map.
 */
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
        if (ext.isPresent() && ext.get().indexOf(',') >= 0) {
            several(ctx, ext.get());
            return;
        }
        int offset = QueryParams.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = QueryParams.integer(ctx, "limit", 100, 1, MAX_LIMIT);
        long now = location.now();
        List<RegistrationView> items = location.page(ext, offset, limit).stream()
                .map(b -> RegistrationView.of(b, now)).toList();
        ctx.json(Map.of("total", ext.isPresent() ? items.size() : location.size(), "offset", offset, "limit", limit,
                "items", items));
    }

    private void several(Context ctx, String list) {
        String[] exts = list.split(",", -1);
        if (exts.length > MAX_LIMIT) {
            throw ApiException.badRequest("ext", "ext lists at most " + MAX_LIMIT + " extensions, got " + exts.length);
        }
        long now = location.now();
        List<RegistrationView> items = new java.util.ArrayList<>();
        for (String e : exts) {
            Bindings b = location.lookup(e.strip());
            if (!e.isBlank() && !b.isEmpty()) {
                items.add(RegistrationView.of(b, now));
            }
        }
        ctx.json(Map.of("total", items.size(), "offset", 0, "limit", MAX_LIMIT, "items", items));
    }
}
