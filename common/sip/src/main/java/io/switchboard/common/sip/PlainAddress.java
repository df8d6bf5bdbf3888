package io.switchboard.common.sip;

/**
 * The name-addr / addr-spec forms (RFC 3261 §20.10, §25.1) that the raw path reads exactly as the RI
 * would: a display name of tokens or one simple quoted string, a {@code sip:}/{@code sips:} URI of a
 * conservative alphabet. Anything else is left to the RI, which answers it (400 for RFC 4475's
 * unbalanced quotes, escapes and the like) or reads it.
 */
public final class PlainAddress {
    private PlainAddress() {
    }

    /** The URI of a To/From/Contact value: inside {@code <>}, or up to the first ';' of a bare addr-spec. */
    public static String uriOf(String value) {
        int lt = value.indexOf('<');
        String uri;
        if (lt >= 0) {
            if (lt > 0 && !plainDisplayName(value.substring(0, lt))) {
                return null;
            }
            int gt = value.indexOf('>', lt);
            if (gt < 0) {
                return null;
            }
            uri = value.substring(lt + 1, gt);
        } else {
            int semi = value.indexOf(';');
            uri = semi < 0 ? value : value.substring(0, semi);
        }
        return plainUri(uri) ? uri : null;
    }

    /** A display name of tokens, or one quoted string without escapes, commas or angle brackets. */
    private static boolean plainDisplayName(String name) {
        String t = name.strip();
        if (t.isEmpty()) {
            return true;
        }
        if (t.charAt(0) == '"') {
            return t.length() >= 2 && t.charAt(t.length() - 1) == '"' && t.indexOf('"', 1) == t.length() - 1
                    && t.indexOf('\\') < 0 && t.indexOf(',') < 0 && t.indexOf('<') < 0;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && " -.!%*_+`'~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code sip:}/{@code sips:} in lower case, then user, host, port and {@code ;name[=value]}
     * parameters from a conservative alphabet (no escapes, headers or IPv6): for these the RI's
     * text of the parsed URI is the text itself.
     */
    public static boolean plainUri(String uri) {
        int p;
        if (uri.startsWith("sip:")) {
            p = 4;
        } else if (uri.startsWith("sips:")) {
            p = 5;
        } else {
            return false;
        }
        if (p == uri.length()) {
            return false;
        }
        for (int i = p; i < uri.length(); i++) {
            char c = uri.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.!~*'@:;=+".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return uri.indexOf(";;") < 0 && !uri.endsWith(";") && uri.indexOf('@') == uri.lastIndexOf('@');
    }
}
