package io.switchboard.signaling.admin;

import io.javalin.config.RoutesConfig;

/**
 * One resource of the admin API. An implementation declares its handlers on {@code routes}
 * ({@code routes.get("/api/nodes", ctx -> ctx.json(...))}); {@link AdminServer} adds
 * authentication and the error mapping around all of them. A handler signals a refusal by
 * throwing {@link ApiException}.
 */
public interface AdminRoutes {

    void addTo(RoutesConfig routes);
}
