package io.switchboard.signaling.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.Map;

/**
 * The portal's sign-in, session and sign-out ({@code /portal/api/...}); the pages themselves are
 * static files under {@code /portal/}. Signing in takes the admin password (the user is always
 * {@code admin}), counts wrong ones per source like HTTP Basic does, and sets the session cookie.
 */
final class PortalRoutes implements AdminRoutes {
    static final String LOGIN = "/portal/api/login";

    private final AdminCredential credential;
    private final AdminLockout lockout;
    private final PortalSessions sessions;

    PortalRoutes(AdminCredential credential, AdminLockout lockout, PortalSessions sessions) {
        this.credential = credential;
        this.lockout = lockout;
        this.sessions = sessions;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post(LOGIN, this::login);
        routes.get("/portal/api/session", ctx -> {
            // Only a session gets here without Basic: AdminAuth let it through.
            PortalSessions.Session s = sessions.touch(ctx.cookie(PortalSessions.COOKIE))
                    .orElseThrow(() -> new ApiException(401, null, "not signed in"));
            ctx.json(Map.of("csrf", s.csrf(), "user", AdminCredential.USER));
        });
        routes.post("/portal/api/logout", ctx -> {
            sessions.close(ctx.cookie(PortalSessions.COOKIE));
            ctx.removeCookie(PortalSessions.COOKIE, "/");
            ctx.status(204);
        });
    }

    private void login(Context ctx) {
        String source = ctx.ip();
        AdminLockout.Standing standing = lockout.standing(source);
        long wait = standing.waitMillis();
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString((wait + 999) / 1000));
            throw new ApiException(429, "password", "too many wrong passwords from " + source + ": retry in "
                    + (wait + 999) / 1000 + " s");
        }
        ObjectNode body = AdminJson.object(ctx);
        AdminJson.onlyFields(body, "password");
        String password = AdminJson.string(body, "password")
                .orElseThrow(() -> ApiException.badRequest("password", "password is missing"));
        if (!credential.matchesPassword(password)) {
            lockout.failed(source);
            throw new ApiException(401, "password", "wrong password");
        }
        lockout.succeeded(source, standing);
        String[] opened = sessions.open();
        Cookie cookie = new Cookie(PortalSessions.COOKIE, opened[0]);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setSecure("https".equals(ctx.scheme()));
        ctx.cookie(cookie);
        ctx.json(Map.of("csrf", opened[1], "user", AdminCredential.USER));
    }
}
