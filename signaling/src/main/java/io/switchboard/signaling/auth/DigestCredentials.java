package io.switchboard.signaling.auth;

import javax.sip.header.AuthorizationHeader;

/**
 * The fields of an {@code Authorization} / {@code Proxy-Authorization} Digest header
 * (RFC 7616 §3.4), as the phone sent them; {@code uri} is kept verbatim because it enters the hash.
 */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response,
                                String algorithm, String qop, String nonceCount, String cnonce) {

    public static DigestCredentials from(AuthorizationHeader h) {
        return new DigestCredentials(h.getParameter("username"), h.getParameter("realm"), h.getParameter("nonce"),
                h.getParameter("uri"), h.getParameter("response"), h.getParameter("algorithm"),
                h.getParameter("qop"), h.getParameter("nc"), h.getParameter("cnonce"));
    }

    /**
     * The credentials of an Authorization value read without the RI ({@code Digest k=v, k="v"},
     * RFC 7616 §3.4): empty when the scheme is not Digest, null when the syntax is not plain enough
     * to be sure, a quoted-pair included (the caller then lets the RI parse it).
     */
    public static java.util.Optional<DigestCredentials> parse(String value) {
        int p = 0;
        int n = value.length();
        while (p < n && value.charAt(p) != ' ' && value.charAt(p) != '\t') {
            p++;
        }
        if (!value.regionMatches(true, 0, "Digest", 0, 6) || p != 6) {
            return java.util.Optional.empty();
        }
        java.util.Map<String, String> params = new java.util.HashMap<>(16);
        while (true) {
            while (p < n && (value.charAt(p) == ' ' || value.charAt(p) == '\t')) {
                p++;
            }
            int nameStart = p;
            while (p < n && isTokenChar(value.charAt(p))) {
                p++;
            }
            if (p == nameStart) {
                return null;
            }
            String name = value.substring(nameStart, p).toLowerCase(java.util.Locale.ROOT);
            while (p < n && (value.charAt(p) == ' ' || value.charAt(p) == '\t')) {
                p++;
            }
            if (p == n || value.charAt(p) != '=') {
                return null;
            }
            p++;
            while (p < n && (value.charAt(p) == ' ' || value.charAt(p) == '\t')) {
                p++;
            }
            String v;
            if (p < n && value.charAt(p) == '"') {
                StringBuilder sb = new StringBuilder(48);
                p++;
                while (p < n && value.charAt(p) != '"') {
                    char c = value.charAt(p++);
                    if (c == '\\') {
                        // The RI keeps quoted-pairs as written; the RI path reads such a value, so both agree.
                        return null;
                    }
                    sb.append(c);
                }
                if (p == n) {
                    return null;
                }
                p++;
                v = sb.toString();
            } else {
                int valueStart = p;
                while (p < n && isTokenChar(value.charAt(p))) {
                    p++;
                }
                if (p == valueStart) {
                    return null;
                }
                v = value.substring(valueStart, p);
            }
            if (params.putIfAbsent(name, v) != null) {
                return null;
            }
            while (p < n && (value.charAt(p) == ' ' || value.charAt(p) == '\t')) {
                p++;
            }
            if (p == n) {
                break;
            }
            if (value.charAt(p) != ',') {
                return null;
            }
            p++;
        }
        return java.util.Optional.of(new DigestCredentials(params.get("username"), params.get("realm"), params.get("nonce"),
                params.get("uri"), params.get("response"), params.get("algorithm"), params.get("qop"), params.get("nc"),
                params.get("cnonce")));
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-.!%*_+`'~".indexOf(c) >= 0;
    }

    /** Names the first missing field, or null when the header is complete enough to verify. */
    public String missingField() {
        if (isBlank(username)) {
            return "username";
        }
        if (isBlank(nonce)) {
            return "nonce";
        }
        if (isBlank(uri)) {
            return "uri";
        }
        if (isBlank(response)) {
            return "response";
        }
        if (qop != null && (isBlank(nonceCount) || isBlank(cnonce))) {
            return isBlank(nonceCount) ? "nc" : "cnonce";
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * request-digest per RFC 7616 §3.4.1 (qop=auth) or RFC 2069 compatibility when no qop was
     * offered back: H(HA1:nonce:nc:cnonce:qop:H(method:uri)) or H(HA1:nonce:H(method:uri)).
     */
    public String expectedResponse(DigestAlgorithm algorithm, String ha1, String method) {
        String ha2 = algorithm.hash(method + ":" + uri);
        if (qop == null) {
            return algorithm.hash(ha1 + ":" + nonce + ":" + ha2);
        }
        return algorithm.hash(ha1 + ":" + nonce + ":" + nonceCount + ":" + cnonce + ":" + qop + ":" + ha2);
    }
}
