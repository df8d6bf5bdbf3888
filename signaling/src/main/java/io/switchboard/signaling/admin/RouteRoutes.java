package io.switchboard.signaling.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.signaling.trunk.OutboundRoute;
import io.switchboard.signaling.trunk.RouteDirectory;
import io.switchboard.signaling.trunk.TrunkDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/routes}: outbound routes ({@code name, priority, pattern, strip, prepend, trunks, callers,
 * emergency}), listed in the order they are tried. {@code PUT /api/routes/{name}} adds or replaces one.
 * Refusals name the field: a pattern that does not parse, a trunk that does not exist (400); an
 * unknown route is 404.
 */
public final class RouteRoutes implements AdminRoutes {
    private static final String[] FIELDS = {"name", "priority", "pattern", "strip", "prepend", "trunks", "callers", "emergency"};

    private final RouteDirectory directory;

    public RouteRoutes(RouteDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/routes", ctx -> {
            ArrayNode items = AdminJson.mapper().createArrayNode();
            directory.list().forEach(r -> items.add(view(r)));
            ctx.json(Map.of("items", items));
        });
        routes.get("/api/routes/{name}", ctx -> ctx.json(view(directory.get(ctx.pathParam("name"))
                .orElseThrow(() -> new ApiException(404, "name", "route " + ctx.pathParam("name") + " not found")))));
        routes.post("/api/routes", ctx -> {
            ObjectNode body = AdminJson.object(ctx);
            String name = AdminJson.string(body, "name").orElseThrow(() -> ApiException.badRequest("name", "name is missing"));
            ctx.status(201).json(view(put(name, body)));
        });
        routes.put("/api/routes/{name}", ctx -> ctx.json(view(put(ctx.pathParam("name"), AdminJson.object(ctx)))));
        routes.delete("/api/routes/{name}", ctx -> {
            if (!directory.delete(ctx.pathParam("name"))) {
                throw new ApiException(404, "name", "route " + ctx.pathParam("name") + " not found");
            }
            ctx.status(204);
        });
    }

    private OutboundRoute put(String name, ObjectNode body) {
        AdminJson.onlyFields(body, FIELDS);
        AdminJson.string(body, "name").filter(n -> !n.equals(name)).ifPresent(n -> {
            throw ApiException.badRequest("name", "name '" + n + "' in the body does not match '" + name + "' in the path");
        });
        OutboundRoute r = new OutboundRoute(name, AdminJson.integer(body, "priority").orElse(100),
                AdminJson.string(body, "pattern").orElseThrow(() -> ApiException.badRequest("pattern", "pattern is missing")),
                AdminJson.integer(body, "strip").orElse(0), AdminJson.string(body, "prepend").orElse(""), trunks(body),
                AdminJson.string(body, "callers").orElse(""), AdminJson.bool(body, "emergency").orElse(false));
        try {
            return directory.put(r);
        } catch (TrunkDirectoryException e) {
            throw new ApiException(400, e.field(), e.getMessage());
        }
    }

    private static List<String> trunks(ObjectNode body) {
        JsonNode v = body.get("trunks");
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("trunks", "trunks is missing: the trunks to try, in order");
        }
        if (v.isTextual()) {
            return v.asText().isBlank() ? List.of() : List.of(v.asText().trim().split("\\s*,\\s*"));
        }
        if (!v.isArray()) {
            throw ApiException.badRequest("trunks", "trunks must be a list of trunk names");
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static ObjectNode view(OutboundRoute r) {
        ObjectNode out = AdminJson.mapper().createObjectNode().put("name", r.name()).put("priority", r.priority())
                .put("pattern", r.pattern()).put("strip", r.strip()).put("prepend", r.prepend());
        ArrayNode t = out.putArray("trunks");
        r.trunks().forEach(t::add);
        return out.put("callers", r.callers()).put("emergency", r.emergency());
    }
}
