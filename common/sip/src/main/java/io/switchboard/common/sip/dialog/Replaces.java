package io.switchboard.common.sip.dialog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The Replaces header of RFC 3891 §6.1: the dialog a new INVITE takes the place of, named by its
 * Call-ID and its two tags, as it arrives in an INVITE or, escaped, in a REFER's Refer-To URI
 * ({@code sip:1003@host?Replaces=call%40host%3Bto-tag%3D7%3Bfrom-tag%3D9}, RFC 3891 §3, RFC 5589 §7).
 * The tags are as the sender of the Replaces sees them: its own tag is the from-tag.
 */
public record Replaces(String callId, String toTag, String fromTag, boolean earlyOnly) {

    /** Parses an unescaped header value; empty when the Call-ID or a tag is missing. */
    public static Optional<Replaces> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.trim().split(";");
        String callId = parts[0].trim();
        String to = null;
        String from = null;
        boolean earlyOnly = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? "" : p.substring(eq + 1).trim();
            switch (name) {
                case "to-tag" -> to = v;
                case "from-tag" -> from = v;
                case "early-only" -> earlyOnly = true;
                default -> { } // extensions are ignored (§6.1)
            }
        }
        if (callId.isEmpty() || to == null || to.isEmpty() || from == null || from.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Replaces(callId, to, from, earlyOnly));
    }

    /** Parses the value of a URI header ({@code ?Replaces=...}), undoing its %-escapes (RFC 3261 §19.1.2). */
    public static Optional<Replaces> parseEscaped(String uriHeaderValue) {
        return uriHeaderValue == null ? Optional.empty() : parse(unescape(uriHeaderValue));
    }

    static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0
                    && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
