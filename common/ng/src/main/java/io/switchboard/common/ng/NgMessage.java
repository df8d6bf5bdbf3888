package io.switchboard.common.ng;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One ng datagram: {@code <cookie> <bencoded dictionary>}. The cookie matches a reply to its request
 * and identifies retransmissions; it is any run of visible ASCII without spaces (Kamailio sends
 * {@code <pid>_<counter>}).
 */
public record NgMessage(String cookie, Map<String, Object> dict) {
    public static final int MAX_COOKIE = 128;

    public NgMessage {
        if (!validCookie(cookie)) {
            throw new NgProtocolException("cookie must be 1-" + MAX_COOKIE + " visible ASCII characters without spaces, got '" + cookie + "'");
        }
        java.util.Objects.requireNonNull(dict, "dict");
    }

    static boolean validCookie(String cookie) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > MAX_COOKIE) {
            return false;
        }
        for (int i = 0; i < cookie.length(); i++) {
            char c = cookie.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        byte[] c = cookie.getBytes(StandardCharsets.US_ASCII);
        out.write(c, 0, c.length);
        out.write(' ');
        Bencode.encode(dict, out);
        return out.toByteArray();
    }

    /**
     * The cookie of a datagram if one can be read (even when the rest is garbage), else null: a
     * server answers garbage with an error only when it can address the reply.
     */
    public static String cookieOf(byte[] buf, int off, int len) {
        int space = -1;
        for (int i = off; i < off + Math.min(len, MAX_COOKIE + 1); i++) {
            if (buf[i] == ' ') {
                space = i;
                break;
            }
        }
        if (space <= off) {
            return null;
        }
        String cookie = new String(buf, off, space - off, StandardCharsets.ISO_8859_1);
        return validCookie(cookie) ? cookie : null;
    }

    public static NgMessage decode(byte[] buf, int off, int len) {
        String cookie = cookieOf(buf, off, len);
        if (cookie == null) {
            throw new NgProtocolException("expected '<cookie> <bencoded dictionary>'; no cookie followed by a space");
        }
        int bodyOff = off + cookie.length() + 1;
        return new NgMessage(cookie, Bencode.decodeDictionary(buf, bodyOff, off + len - bodyOff));
    }

    public static NgMessage decode(byte[] buf) {
        return decode(buf, 0, buf.length);
    }
}
