package io.switchboard.signaling.admin;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use the admin HTTP server, checked before every request: HTTP Basic (RFC 7617) for
 * scripts and the CLI, or a portal session cookie for the browser, whose changes (any method but
 * GET/HEAD) must also carry the session's CSRF token in {@code X-CSRF-Token}. Public: the health
 * and metrics paths, the portal's static files and bundled libraries, and its sign-in (which counts
 * wrong passwords itself). Wrong passwords from one source back off through {@link AdminLockout}.
 */
final class AdminAuth implements Handler {
    static final String CHALLENGE = "Basic realm=\"switchboard\", charset=\"UTF-8\"";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Sent by the portal's scripts: a 401 then carries no Basic challenge, so the browser shows no password dialog. */
    static final String PORTAL_HEADER = "X-Switchboard-Portal";

    private final AdminCredential credential;
    private final Set<String> publicPaths;
    private final AdminLockout lockout;
    private final PortalSessions sessions;

    AdminAuth(AdminCredential credential, Set<String> publicPaths, AdminLockout lockout, PortalSessions sessions) {
        this.credential = credential;
        this.lockout = lockout;
        this.sessions = sessions;
        this.publicPaths = Set.copyOf(publicPaths);
    }

    @Override
    public void handle(Context ctx) {
        String path = ctx.path();
        if (isPublic(path)) {
            return;
        }
        Optional<PortalSessions.Session> session = sessions.touch(ctx.cookie(PortalSessions.COOKIE));
        if (session.isPresent() && ctx.header("Authorization") == null) {
            String method = ctx.method().name();
            if (!method.equals("GET") && !method.equals("HEAD")
                    && !PortalSessions.csrfMatches(session.get(), ctx.header(CSRF_HEADER))) {
                throw new ApiException(403, null, "the CSRF token is missing or wrong: reload the portal");
            }
            return;
        }
        String source = ctx.ip();
        AdminLockout.Standing standing = lockout.standing(source);
        long wait = standing.waitMillis();
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString((wait + 999) / 1000));
            throw new ApiException(429, null, "too many wrong passwords from " + source + ": retry in "
                    + (wait + 999) / 1000 + " s");
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized("authentication required");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).strip());
        } catch (IllegalArgumentException e) {
            throw unauthorized("malformed Basic credentials");
        }
        if (!credential.matches(new String(decoded, StandardCharsets.UTF_8))) {
            lockout.failed(source);
            throw unauthorized("wrong user or password");
        }
        lockout.succeeded(source, standing);
    }

    private boolean isPublic(String path) {
        return publicPaths.contains(path) || path.equals(PortalRoutes.LOGIN) || path.startsWith("/webjars/")
                || path.equals("/portal") || path.startsWith("/portal/") && !path.startsWith("/portal/api/");
    }

    /** Whether a 401 for this request may carry the Basic challenge (never for the portal's own requests). */
    static boolean wantsChallenge(Context ctx) {
        return ctx.header(PORTAL_HEADER) == null && !ctx.path().startsWith("/portal");
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, null, message);
    }
}
