package io.switchboard.signaling.trunk;

import io.switchboard.signaling.auth.DigestAlgorithm;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Our answer to a provider's Digest challenge (RFC 7616 §3.4, RFC 3261 §22.2): the value of an
 * {@code Authorization} (to a 401) or {@code Proxy-Authorization} (to a 407) header. MD5 and
 * SHA-256, with {@code qop=auth} when the challenge offers it (else the RFC 2069 form), {@code opaque}
 * echoed. Protocol only: the caller sends it.
 */
public final class DigestAnswer {
    private DigestAnswer() {
    }

    /** The challenge's parameters ({@code Digest realm="x", nonce="y", ...}); empty when it is not Digest. */
    public static Optional<Map<String, String>> challenge(String header) {
        String h = header.trim();
        if (!h.regionMatches(true, 0, "Digest", 0, 6) || h.length() < 7 || !Character.isWhitespace(h.charAt(6))) {
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        int p = 7;
        int n = h.length();
        while (p < n) {
            while (p < n && (h.charAt(p) == ' ' || h.charAt(p) == ',' || h.charAt(p) == '\t')) {
                p++;
            }
            int eq = h.indexOf('=', p);
            if (eq < 0) {
                break;
            }
            String name = h.substring(p, eq).trim().toLowerCase(Locale.ROOT);
            p = eq + 1;
            String value;
            if (p < n && h.charAt(p) == '"') {
                StringBuilder v = new StringBuilder();
                p++;
                while (p < n && h.charAt(p) != '"') {
                    if (h.charAt(p) == '\\' && p + 1 < n) {
                        p++;
                    }
                    v.append(h.charAt(p++));
                }
                p++;
                value = v.toString();
            } else {
                int end = h.indexOf(',', p);
                value = h.substring(p, end < 0 ? n : end).trim();
                p = end < 0 ? n : end;
            }
            out.put(name, value);
        }
        return out.containsKey("nonce") && out.containsKey("realm") ? Optional.of(out) : Optional.empty();
    }

    /**
     * The header value answering {@code challenge} for {@code method} on {@code uri}; empty when the
     * challenge asks for an algorithm we do not do (then the provider's other challenge may do).
     */
    public static Optional<String> answer(Map<String, String> challenge, String method, String uri, String username,
                                          String password, int nonceCount, SecureRandom random) {
        byte[] c = new byte[8];
        random.nextBytes(c);
        return answer(challenge, method, uri, username, password, nonceCount, HexFormat.of().formatHex(c));
    }

    /** As above with a given client nonce (the tests check the RFC's worked example). */
    static Optional<String> answer(Map<String, String> challenge, String method, String uri, String username,
                                   String password, int nonceCount, String cnonce) {
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(challenge.get("algorithm"));
        if (algorithm.isEmpty()) {
            return Optional.empty();
        }
        DigestAlgorithm a = algorithm.get();
        String realm = challenge.get("realm");
        String nonce = challenge.get("nonce");
        String ha1 = a.ha1(username, realm, password);
        String ha2 = a.hash(method + ":" + uri);
        boolean auth = challenge.getOrDefault("qop", "").toLowerCase(Locale.ROOT).matches("(.*,\\s*)?auth(\\s*,.*)?");
        StringBuilder v = new StringBuilder("Digest username=\"").append(username).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append('"');
        if (auth) {
            String nc = String.format("%08x", nonceCount);
            v.append(", response=\"").append(a.hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2))
                    .append("\", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        } else {
            v.append(", response=\"").append(a.hash(ha1 + ":" + nonce + ":" + ha2)).append('"');
        }
        v.append(", algorithm=").append(a.token());
        if (challenge.containsKey("opaque")) {
            v.append(", opaque=\"").append(challenge.get("opaque")).append('"');
        }
        return Optional.of(v.toString());
    }
}
