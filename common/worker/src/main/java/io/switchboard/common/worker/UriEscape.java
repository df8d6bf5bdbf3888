package io.switchboard.common.worker;

import java.nio.charset.StandardCharsets;

/** RFC 3261 §25.1 escaping of a URI header value (hvalue): everything but unreserved and a few marks is %XX. */
final class UriEscape {
    private UriEscape() {
    }

    static String headerValue(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.!~*'()[]/?:+$".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
