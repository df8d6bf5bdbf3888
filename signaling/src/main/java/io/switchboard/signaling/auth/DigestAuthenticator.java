package io.switchboard.signaling.auth;

import io.switchboard.signaling.directory.SipUser;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import java.util.function.Function;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Verifies Digest credentials on a request and writes challenges (RFC 3261 §22.4, RFC 7616,
 * RFC 8760). Unknown users, disabled users and wrong passwords all get the same fresh challenge,
 * so a scanner cannot tell which extensions exist.
 */
public final class DigestAuthenticator {
    /** What the check found; {@code user} is present only when authenticated. */
    public record Result(AuthOutcome outcome, Optional<SipUser> user, String detail) {
        public static Result of(AuthOutcome o, String detail) {
            return new Result(o, Optional.empty(), detail);
        }
    }

    /**
     * What the request alone decides, before any user lookup: either a final {@code result}, or
     * credentials (parsed once) waiting for the user they name.
     */
    public record Precheck(Result result, DigestCredentials credentials, DigestAlgorithm algorithm,
                           NonceService.Verdict nonce, String method, String source) {
        public boolean decided() {
            return result != null;
        }

        public String username() {
            return credentials.username();
        }
    }

    private final String realm;
    private final List<DigestAlgorithm> algorithms;
    private final NonceService nonces;
    private final Function<String, Optional<SipUser>> users;
    private final HeaderFactory headers;
    private final FailedAuthGuard guard;

    /** @param algorithms offered in this order, the first one preferred (RFC 8760 §2.4) */
    public DigestAuthenticator(String realm, List<DigestAlgorithm> algorithms, NonceService nonces,
                               Function<String, Optional<SipUser>> users, HeaderFactory headers, FailedAuthGuard guard) {
        this.realm = realm;
        this.algorithms = List.copyOf(algorithms);
        this.nonces = nonces;
        this.users = users;
        this.headers = headers;
        this.guard = guard;
    }

    public String realm() {
        return realm;
    }

    /**
     * Blocking check: looks the user up through the directory function.
     *
     * @param header Authorization for REGISTER (401 flow), Proxy-Authorization otherwise (407 flow)
     * @param source the request's real source address, for the failed-attempts guard
     */
    public Result authenticate(Request request, String header, String source) {
        Precheck p = precheck(request, header, source);
        return p.decided() ? p.result() : verify(p, users.apply(p.username()));
    }

    /**
     * First half of a check, with no lookup: credentials for our realm parsed once, fields,
     * algorithm, qop, the failed-attempts guard and the nonce's MAC and age.
     */
    public Precheck precheck(Request request, String header, String source) {
        return precheck(credentialsForRealm(request, header), request.getMethod(), source);
    }

    /** {@link #precheck(Request, String, String)} with the credentials already chosen ({@link #forRealm}). */
    public Precheck precheck(DigestCredentials creds, String method, String source) {
        if (creds == null) {
            return decided(Result.of(AuthOutcome.MISSING, "no credentials for realm " + realm));
        }
        String missing = creds.missingField();
        if (missing != null) {
            return decided(Result.of(AuthOutcome.MALFORMED, "Authorization lacks " + missing));
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(creds.algorithm());
        if (algorithm.isEmpty() || !algorithms.contains(algorithm.get())) {
            return decided(Result.of(AuthOutcome.REJECTED, "algorithm " + creds.algorithm() + " not offered"));
        }
        if (creds.qop() != null && !"auth".equalsIgnoreCase(creds.qop())) {
            return decided(Result.of(AuthOutcome.REJECTED, "qop " + creds.qop() + " not offered"));
        }
        if (guard.blocked(source, creds.username())) {
            return decided(Result.of(AuthOutcome.REJECTED, "too many failed attempts for " + creds.username() + " from " + source));
        }
        NonceService.Verdict nonce = nonces.check(creds.nonce());
        if (nonce == NonceService.Verdict.FORGED) {
            return decided(Result.of(AuthOutcome.REJECTED, "nonce not issued here"));
        }
        return new Precheck(null, creds, algorithm.get(), nonce, method, source);
    }

    private static Precheck decided(Result r) {
        return new Precheck(r, null, null, null, null, null);
    }

    /** Second half: the digest against the user the credentials name (empty: unknown). */
    public Result verify(Precheck p, Optional<SipUser> found) {
        DigestCredentials creds = p.credentials();
        Optional<SipUser> user = found.filter(SipUser::enabled);
        if (user.isEmpty()) {
            guard.failed(p.source(), creds.username());
            return Result.of(AuthOutcome.REJECTED, "unknown or disabled user " + creds.username());
        }
        String ha1 = p.algorithm() == DigestAlgorithm.MD5 ? user.get().ha1Md5() : user.get().ha1Sha256();
        String expected = creds.expectedResponse(p.algorithm(), ha1, p.method());
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                creds.response().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            guard.failed(p.source(), creds.username());
            return Result.of(AuthOutcome.REJECTED, "wrong password for " + creds.username());
        }
        // Right password on an expired nonce: tell the phone to retry without asking the user (RFC 7616 §3.5).
        if (p.nonce() == NonceService.Verdict.STALE) {
            return Result.of(AuthOutcome.STALE, "nonce expired");
        }
        if (nonces.useCount(creds.nonce(), creds.qop() == null ? null : creds.nonceCount()) != NonceService.Verdict.VALID) {
            return Result.of(AuthOutcome.REJECTED, "nonce-count " + creds.nonceCount() + " replayed");
        }
        guard.succeeded(p.source(), user.get().extension());
        return new Result(AuthOutcome.AUTHENTICATED, user, "");
    }

    /** True when the request carries Digest credentials for our realm (then it needs a full check). */
    public boolean hasCredentials(Request request, String header) {
        return credentialsForRealm(request, header) != null;
    }

    /** The first of the offered Digest credentials for our realm (or naming none), or null. */
    public DigestCredentials forRealm(List<DigestCredentials> offered) {
        for (DigestCredentials c : offered) {
            if (c.realm() == null || realm.equals(c.realm())) {
                return c;
            }
        }
        return null;
    }

    /**
     * The challenge of {@link #challenge} as header values, one per offered algorithm, preferred
     * first: {@code Digest realm="…", nonce="…", algorithm=MD5, qop="auth"}.
     */
    public List<String> challengeValues(boolean stale) {
        String nonce = nonces.issue();
        List<String> out = new java.util.ArrayList<>(algorithms.size());
        for (DigestAlgorithm a : algorithms) {
            out.add("Digest realm=\"" + realm + "\",nonce=\"" + nonce + "\",algorithm=" + a.token() + ",qop=\"auth\""
                    + (stale ? ",stale=true" : ""));
        }
        return out;
    }

    private DigestCredentials credentialsForRealm(Request request, String header) {
        ListIterator<?> it = request.getHeaders(header);
        while (it.hasNext()) {
            Object h = it.next();
            if (h instanceof AuthorizationHeader auth && "Digest".equalsIgnoreCase(auth.getScheme())) {
                DigestCredentials c = DigestCredentials.from(auth);
                if (c.realm() == null || realm.equals(c.realm())) {
                    return c;
                }
            }
        }
        return null;
    }

    /**
     * Adds one challenge per offered algorithm, preferred first (RFC 8760 §2.4); 401 uses WWW-, 407
     * Proxy-Authenticate. The values are {@link #challengeValues}'s, so both paths challenge alike.
     */
    public void challenge(Response response, boolean stale) {
        String name = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED
                ? "Proxy-Authenticate" : WWWAuthenticateHeader.NAME;
        try {
            for (String value : challengeValues(stale)) {
                response.addHeader(headers.createHeader(name, value));
            }
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build a digest challenge", e);
        }
    }
}
