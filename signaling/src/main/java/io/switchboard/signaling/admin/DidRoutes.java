package io.switchboard.signaling.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.signaling.trunk.Did;
import io.switchboard.signaling.trunk.DidDirectory;
import io.switchboard.signaling.trunk.TrunkDirectoryException;
import java.util.Map;

/**
 * {@code /api/dids}: inbound numbers from the trunks ({@code number, destination, description}).
 * {@code PUT /api/dids/{number}} adds or replaces one; refusals name the field (400), an unknown
 * number is 404.
 */
public final class DidRoutes implements AdminRoutes {
    private final DidDirectory directory;

    public DidRoutes(DidDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/dids", ctx -> {
            ArrayNode items = AdminJson.mapper().createArrayNode();
            directory.list().forEach(d -> items.add(view(d)));
            ctx.json(Map.of("items", items));
        });
        routes.get("/api/dids/{number}", ctx -> ctx.json(view(directory.get(ctx.pathParam("number"))
                .orElseThrow(() -> new ApiException(404, "number", "DID " + ctx.pathParam("number") + " not found")))));
        routes.post("/api/dids", ctx -> {
            ObjectNode body = AdminJson.object(ctx);
            String number = AdminJson.string(body, "number").orElseThrow(() -> ApiException.badRequest("number", "number is missing"));
            ctx.status(201).json(view(put(ctx, number, body)));
        });
        routes.put("/api/dids/{number}", ctx -> ctx.json(view(put(ctx, ctx.pathParam("number"), AdminJson.object(ctx)))));
        routes.delete("/api/dids/{number}", ctx -> {
            if (!directory.delete(ctx.pathParam("number"))) {
                throw new ApiException(404, "number", "DID " + ctx.pathParam("number") + " not found");
            }
            ctx.status(204);
        });
    }

    private Did put(Context ctx, String number, ObjectNode body) {
        AdminJson.onlyFields(body, "number", "destination", "description");
        AdminJson.string(body, "number").filter(n -> !n.equals(number)).ifPresent(n -> {
            throw ApiException.badRequest("number", "number '" + n + "' in the body does not match '" + number + "' in the path");
        });
        Did d = new Did(number, AdminJson.string(body, "destination").orElse(""), AdminJson.string(body, "description").orElse(""));
        try {
            return directory.put(d);
        } catch (TrunkDirectoryException e) {
            throw new ApiException(400, e.field(), e.getMessage());
        }
    }

    private static ObjectNode view(Did d) {
        return AdminJson.mapper().createObjectNode().put("number", d.number()).put("destination", d.destination())
                .put("description", d.description());
    }
}
