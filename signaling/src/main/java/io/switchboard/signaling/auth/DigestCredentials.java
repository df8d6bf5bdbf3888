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
