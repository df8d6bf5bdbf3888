package io.switchboard.signaling.admin;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

/**
 * HTTP Basic authentication (RFC 7617) of every request except the public paths. The
 * credentials are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time
 * taken says nothing about how much of the password, or its length, was right.
 */
final class BasicAuth implements Handler {

    static final String USER = "admin";
    static final String CHALLENGE = "Basic realm=\"switchboard\", charset=\"UTF-8\"";

    private final byte[] expected;
    private final Set<String> publicPaths;
    private final AdminLockout lockout;

    BasicAuth(String adminPassword, Set<String> publicPaths, AdminLockout lockout) {
        this.lockout = lockout;
        if (adminPassword == null || adminPassword.isEmpty()) {
            throw new IllegalArgumentException("admin password is empty");
        }
        this.expected = sha256(USER + ":" + adminPassword);
        this.publicPaths = Set.copyOf(publicPaths);
    }

    @Override
    public void handle(Context ctx) {
        if (publicPaths.contains(ctx.path())) {
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
        if (!MessageDigest.isEqual(expected, sha256(new String(decoded, StandardCharsets.UTF_8)))) {
            lockout.failed(source);
            throw unauthorized("wrong user or password");
        }
        lockout.succeeded(source, standing);
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, null, message);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JRE", e);
        }
    }
}
