package io.switchboard.signaling.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.signaling.directory.UserDirectory;
import io.switchboard.signaling.feature.CallFeatures;
import io.switchboard.signaling.feature.FeatureDirectory;

/**
 * {@code /api/users/{ext}/features}: a user's do not disturb, call forwarding and caller ID ({@code dnd,
 * forwardAlways, forwardBusy, forwardNoAnswer, forwardUnregistered, noAnswerSeconds, callerId,
 * withholdCallerId}). {@code PUT}
 * changes the fields it gives ("" turns a forward off). Refusals name the field; an unknown user is 404.
 */
public final class FeatureRoutes implements AdminRoutes {
    private static final String[] FIELDS = {"dnd", "forwardAlways", "forwardBusy", "forwardNoAnswer", "forwardUnregistered",
        "noAnswerSeconds", "callerId", "withholdCallerId"};

    private final FeatureDirectory directory;
    private final UserDirectory users;

    public FeatureRoutes(FeatureDirectory directory, UserDirectory users) {
        this.directory = directory;
        this.users = users;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/users/{ext}/features", ctx -> ctx.json(view(directory.get(user(ctx)))));
        routes.put("/api/users/{ext}/features", this::put);
    }

    private String user(Context ctx) {
        String ext = ctx.pathParam("ext");
        if (users.find(ext).isEmpty()) {
            throw new ApiException(404, "extension", "user " + ext + " not found");
        }
        return ext;
    }

    private void put(Context ctx) {
        String ext = user(ctx);
        ObjectNode body = AdminJson.object(ctx);
        AdminJson.onlyFields(body, FIELDS);
        CallFeatures c = directory.get(ext);
        CallFeatures f = new CallFeatures(ext, AdminJson.bool(body, "dnd").orElse(c.dnd()),
                AdminJson.string(body, "forwardAlways").orElse(c.forwardAlways()),
                AdminJson.string(body, "forwardBusy").orElse(c.forwardBusy()),
                AdminJson.string(body, "forwardNoAnswer").orElse(c.forwardNoAnswer()),
                AdminJson.string(body, "forwardUnregistered").orElse(c.forwardUnregistered()),
                AdminJson.integer(body, "noAnswerSeconds").orElse(c.noAnswerSeconds()),
                AdminJson.string(body, "callerId").orElse(c.callerId()),
                AdminJson.bool(body, "withholdCallerId").orElse(c.withholdCallerId()));
        try {
            ctx.json(view(directory.put(f)));
        } catch (io.switchboard.signaling.directory.FieldRefusal e) {
            throw new ApiException(400, e.field(), e.getMessage());
        }
    }

    private static ObjectNode view(CallFeatures f) {
        return AdminJson.mapper().createObjectNode().put("extension", f.extension()).put("dnd", f.dnd())
                .put("forwardAlways", f.forwardAlways()).put("forwardBusy", f.forwardBusy())
                .put("forwardNoAnswer", f.forwardNoAnswer()).put("forwardUnregistered", f.forwardUnregistered())
                .put("noAnswerSeconds", f.noAnswerSeconds()).put("callerId", f.callerId())
                .put("withholdCallerId", f.withholdCallerId());
    }
}
