package io.switchboard.signaling.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.signaling.group.RingGroup;
import io.switchboard.signaling.group.RingGroupDirectory;
import io.switchboard.signaling.group.RingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/ring-groups}: {@code GET} lists, {@code GET|PUT|DELETE /api/ring-groups/{name}} reads,
 * creates or replaces, removes one. A group is {@code number, strategy (all|order|round_robin),
 * members [extensions], ringSeconds, fallthrough}. Refusals name the field.
 */
public final class RingGroupRoutes implements AdminRoutes {
    private final RingGroupDirectory directory;

    public RingGroupRoutes(RingGroupDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/ring-groups", ctx -> {
            ArrayNode items = AdminJson.mapper().createArrayNode();
            directory.list().forEach(g -> items.add(view(g)));
            ctx.json(Map.of("items", items));
        });
        routes.get("/api/ring-groups/{name}", ctx -> ctx.json(view(found(ctx))));
        routes.put("/api/ring-groups/{name}", this::put);
        routes.delete("/api/ring-groups/{name}", ctx -> {
            if (!directory.delete(ctx.pathParam("name"))) {
                throw new ApiException(404, "name", "ring group " + ctx.pathParam("name") + " not found");
            }
            ctx.status(204);
        });
    }

    private RingGroup found(Context ctx) {
        return directory.get(ctx.pathParam("name"))
                .orElseThrow(() -> new ApiException(404, "name", "ring group " + ctx.pathParam("name") + " not found"));
    }

    private void put(Context ctx) {
        String name = ctx.pathParam("name");
        ObjectNode body = AdminJson.object(ctx);
        AdminJson.onlyFields(body, "name", "number", "strategy", "members", "ringSeconds", "fallthrough");
        AdminJson.string(body, "name").filter(n -> !n.equals(name)).ifPresent(n -> {
            throw ApiException.badRequest("name", "name '" + n + "' in the body does not match '" + name + "' in the path");
        });
        String strategy = AdminJson.string(body, "strategy").orElse("all");
        RingStrategy parsed;
        try {
            parsed = RingStrategy.valueOf(strategy.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("strategy", "must be one of all, order, round_robin, got '" + strategy + "'");
        }
        List<String> members = new ArrayList<>();
        JsonNode m = body.get("members");
        if (m != null && !m.isNull()) {
            if (!m.isArray()) {
                throw ApiException.badRequest("members", "must be an array of extensions");
            }
            for (JsonNode e : m) {
                if (!e.isTextual()) {
                    throw ApiException.badRequest("members", "must be an array of extensions (strings)");
                }
                members.add(e.asText());
            }
        }
        RingGroup g = new RingGroup(name, AdminJson.string(body, "number").orElse(""), parsed, members,
                AdminJson.integer(body, "ringSeconds").orElse(20), AdminJson.string(body, "fallthrough").orElse(""));
        try {
            ctx.json(view(directory.put(g)));
        } catch (io.switchboard.signaling.directory.FieldRefusal e) {
            throw new ApiException(400, e.field(), e.getMessage());
        }
    }

    private static ObjectNode view(RingGroup g) {
        ObjectNode o = AdminJson.mapper().createObjectNode().put("name", g.name()).put("number", g.number())
                .put("strategy", g.strategy().name().toLowerCase(Locale.ROOT)).put("ringSeconds", g.ringSeconds())
                .put("fallthrough", g.fallthrough());
        ArrayNode members = o.putArray("members");
        g.members().forEach(members::add);
        return o;
    }
}
