package io.switchboard.common.sip;

import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A request read in one pass without the RI parser, for the requests a storm is made of (a
 * registration storm's REGISTERs): the header lines as offsets into the datagram, and only the
 * values the transaction layer needs decoded. The RI parser costs about a third of a REGISTER's
 * CPU, and its objects most of the garbage.
 *
 * <p>Only the plain shape phones send is read here: CRLF line ends, no folded lines, SIP/2.0, a
 * lower-case {@code sip:}/{@code sips:} Request-URI, no body (an INVITE's when Content-Length matches it), no Require, each single-instance
 * header once, a top Via with one value, a magic-cookie branch and no {@code received}, header
 * names from the token alphabet and no control characters. Anything else gives null and the RI
 * path decides, so its 400, 416, 420 and 505 answers (RFC 4475's torture messages) stay one copy.
 */
public final class RawRequest {
    /** A phone's REGISTER has about ten header fields; more goes the RI way. */
    static final int MAX_LINES = 48;

    public static final int OTHER = 0;
    public static final int VIA = 1;
    public static final int FROM = 2;
    public static final int TO = 3;
    public static final int CALL_ID = 4;
    public static final int CSEQ = 5;
    public static final int MAX_FORWARDS = 6;
    public static final int CONTENT_LENGTH = 7;
    public static final int CONTACT = 8;
    public static final int EXPIRES = 9;
    public static final int AUTHORIZATION = 10;
    public static final int USER_AGENT = 11;
    public static final int REQUIRE = 12;
    public static final int PROXY_AUTHORIZATION = 13;
    private static final int KINDS = 14;
    /** RFC 3261 §7.3.1: these may appear once. */
    private static final int SINGLE = 1 << FROM | 1 << TO | 1 << CALL_ID | 1 << CSEQ | 1 << MAX_FORWARDS
            | 1 << CONTENT_LENGTH | 1 << EXPIRES;

    final byte[] bytes;
    private final String method;
    private final int requestUriStart;
    private final int requestUriEnd;
    private final int lines;
    /** Per header line: kind, line start, value start, value end (trimmed). */
    private final int[] kind;
    final int[] lineStart;
    final int[] valueStart;
    final int[] valueEnd;
    private final int[] first;
    // Top Via
    private final String branch;
    private final String sentByHost;
    private final int sentByPort;
    /** Index just past the {@code rport} name when it has no value, else -1. */
    final int emptyRportEnd;
    private final int rport;
    private final boolean hasRport;
    private final String callId;
    private final long cseq;

    private RawRequest(byte[] bytes, String method, int uriStart, int uriEnd, int lines, int[] kind, int[] lineStart,
                       int[] valueStart, int[] valueEnd, int[] first, Via via, String callId, long cseq) {
        this.bytes = bytes;
        this.method = method;
        this.requestUriStart = uriStart;
        this.requestUriEnd = uriEnd;
        this.lines = lines;
        this.kind = Arrays.copyOf(kind, lines);
        this.lineStart = Arrays.copyOf(lineStart, lines);
        this.valueStart = Arrays.copyOf(valueStart, lines);
        this.valueEnd = Arrays.copyOf(valueEnd, lines);
        this.first = first.clone();
        this.branch = via.branch;
        this.sentByHost = via.host;
        this.sentByPort = via.port;
        this.emptyRportEnd = via.emptyRportEnd;
        this.rport = via.rport;
        this.hasRport = via.hasRport;
        this.callId = callId;
        this.cseq = cseq;
    }

    /** True when the datagram starts with {@code method} and a space: only then is {@link #parse} worth trying. */
    static boolean startsWith(byte[] b, byte[] methodAndSpace) {
        if (b.length < methodAndSpace.length) {
            return false;
        }
        for (int i = 0; i < methodAndSpace.length; i++) {
            if (b[i] != methodAndSpace[i]) {
                return false;
            }
        }
        return true;
    }

    /** The request, or null when it is not of the plain shape (see the class comment). */
    public static RawRequest parse(byte[] b) {
        Parser parser = PARSER.get();
        try {
            return parser.reset(b).parse();
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            return null;
        }
    }

    public String method() {
        return method;
    }

    public String requestUri() {
        return ascii(requestUriStart, requestUriEnd);
    }

    public String callId() {
        return callId;
    }

    public long cseq() {
        return cseq;
    }

    /** The top Via's branch, as sent (it starts with the magic cookie). */
    public String branch() {
        return branch;
    }

    /** The top Via's sent-by host, lower-cased. */
    public String sentByHost() {
        return sentByHost;
    }

    /** The top Via's sent-by port, or 0 when it names none. */
    public int sentByPort() {
        return sentByPort;
    }

    boolean hasRport() {
        return hasRport;
    }

    /** The top Via's rport value, or 0 when it has none or an empty one. */
    int rport() {
        return rport;
    }

    /** Header fields of a kind ({@link #CONTACT}, ...) in this request. */
    public int count(int headerKind) {
        int n = 0;
        for (int i = 0; i < lines; i++) {
            if (kind[i] == headerKind) {
                n++;
            }
        }
        return n;
    }

    /** The first field's value of a kind, trimmed; null when absent. */
    public String value(int headerKind) {
        int i = first[headerKind];
        return i < 0 ? null : text(valueStart[i], valueEnd[i]);
    }

    /** Every field value of a kind, in order (a comma-separated field is one value here). */
    public List<String> values(int headerKind) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < lines; i++) {
            if (kind[i] == headerKind) {
                out.add(text(valueStart[i], valueEnd[i]));
            }
        }
        return out;
    }

    /** The From tag (a header parameter, RFC 3261 §19.3), or null. */
    public String fromTag() {
        int i = first[FROM];
        return tagOf(valueStart[i], valueEnd[i]);
    }

    /** The To tag, or null. */
    public String toTag() {
        int i = first[TO];
        return tagOf(valueStart[i], valueEnd[i]);
    }

    /** True when To carries a tag: the request is inside a dialog. */
    public boolean toHasTag() {
        int i = first[TO];
        return tagOf(valueStart[i], valueEnd[i]) != null;
    }

    int lines() {
        return lines;
    }

    int kind(int line) {
        return kind[line];
    }

    /** True for the line holding the top Via. */
    boolean isTopVia(int line) {
        return line == first[VIA];
    }

    /** Header parameters begin after the name-addr's '>' or, for a bare addr-spec, at its first ';' (RFC 3261 §20.10). */
    private String tagOf(int from, int to) {
        return tagOf(bytes, from, to);
    }

    private static String tagOf(byte[] b, int from, int to) {
        int lt = indexOf(b, '<', from, to);
        int p = lt < 0 ? from : indexOf(b, '>', lt, to);
        if (p < 0) {
            return null;
        }
        while ((p = indexOf(b, ';', p, to)) >= 0) {
            int name = skipSpace(b, p + 1, to);
            if (name + 4 <= to && lower(b[name]) == 't' && lower(b[name + 1]) == 'a' && lower(b[name + 2]) == 'g') {
                int eq = skipSpace(b, name + 3, to);
                if (eq < to && b[eq] == '=') {
                    int v = skipSpace(b, eq + 1, to);
                    int end = v;
                    while (end < to && b[end] != ';' && b[end] != ' ' && b[end] != '\t') {
                        end++;
                    }
                    return end > v ? latin1(b, v, end - v) : null;
                }
            }
            p++;
        }
        return null;
    }

    /**
     * The To tag of a request read from its To line alone (null without one): enough to tell the ACK
     * of a stateless challenge, and no more work than that on every ACK.
     */
    static String toTagOf(byte[] b) {
        int p = indexOf(b, '\n', 0, b.length) + 1;
        while (p > 0 && p < b.length && b[p] != '\r' && b[p] != '\n') {
            int eol = indexOf(b, '\n', p, b.length);
            int end = eol < 0 ? b.length : eol;
            int lineEnd = end > p && b[end - 1] == '\r' ? end - 1 : end;
            int name = p;
            while (name < lineEnd && isTokenChar(b[name])) {
                name++;
            }
            boolean to = name - p == 2 && lower(b[p]) == 't' && lower(b[p + 1]) == 'o' || name - p == 1 && lower(b[p]) == 't';
            if (to) {
                int colon = skipSpace(b, name, lineEnd);
                return colon < lineEnd && b[colon] == ':' ? tagOf(b, colon + 1, lineEnd) : null;
            }
            if (eol < 0) {
                break;
            }
            p = eol + 1;
        }
        return null;
    }

    private static int indexOf(byte[] b, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private String ascii(int from, int to) {
        return latin1(bytes, from, to - from);
    }

    private String text(int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return new String(bytes, from, to - from, StandardCharsets.UTF_8);
            }
        }
        return ascii(from, to);
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** The top Via's fields. */
    private record Via(String branch, String host, int port, boolean hasRport, int rport, int emptyRportEnd) {
    }

    /** Per thread: the scratch arrays are reused, the request keeps exact-size copies. */
    private static final FastThreadLocal<Parser> PARSER = new FastThreadLocal<>() {
        @Override
        protected Parser initialValue() {
            return new Parser();
        }
    };

    /** One pass over the datagram; returns null at the first thing outside the plain shape. */
    private static final class Parser {
        private byte[] b;
        private final int[] kind = new int[MAX_LINES];
        private final int[] lineStart = new int[MAX_LINES];
        private final int[] valueStart = new int[MAX_LINES];
        private final int[] valueEnd = new int[MAX_LINES];
        private final int[] first = new int[KINDS];

        Parser reset(byte[] datagram) {
            this.b = datagram;
            Arrays.fill(first, -1);
            return this;
        }

        RawRequest parse() {
            int sp = indexOf(' ', 0);
            if (sp <= 0 || !isToken(0, sp)) {
                return null;
            }
            String method = latin1(b, 0, sp);
            int uriStart = sp + 1;
            int uriEnd = indexOf(' ', uriStart);
            if (uriEnd < 0 || !(startsWith(uriStart, "sip:") || startsWith(uriStart, "sips:"))) {
                return null;
            }
            int eol = uriEnd + 1;
            if (!startsWith(eol, "SIP/2.0\r\n")) {
                return null;
            }
            int p = eol + 9;
            int lines = 0;
            int seen = 0;
            while (true) {
                if (p + 1 >= b.length) {
                    return null;
                }
                if (b[p] == '\r' && b[p + 1] == '\n') {
                    p += 2;
                    break;
                }
                if (lines == MAX_LINES) {
                    return null;
                }
                int nameEnd = p;
                while (nameEnd < b.length && isTokenChar(b[nameEnd])) {
                    nameEnd++;
                }
                if (nameEnd == p) {
                    return null;
                }
                int colon = nameEnd;
                while (b[colon] == ' ' || b[colon] == '\t') {
                    colon++;
                }
                if (b[colon] != ':') {
                    return null;
                }
                int v = colon + 1;
                while (b[v] == ' ' || b[v] == '\t') {
                    v++;
                }
                int end = v;
                while (b[end] != '\r') {
                    if ((b[end] < 0x20 && b[end] != '\t') || b[end] == 0x7f) {
                        return null;
                    }
                    end++;
                }
                if (b[end + 1] != '\n') {
                    return null;
                }
                int next = end + 2;
                if (next < b.length && (b[next] == ' ' || b[next] == '\t')) {
                    return null;
                }
                while (end > v && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
                    end--;
                }
                int k = classify(p, nameEnd);
                if ((seen & SINGLE & (1 << k)) != 0 || k == REQUIRE) {
                    return null;
                }
                seen |= 1 << k;
                if (first[k] < 0) {
                    first[k] = lines;
                }
                kind[lines] = k;
                lineStart[lines] = p;
                valueStart[lines] = v;
                valueEnd[lines] = end;
                lines++;
                p = next;
            }
            int bodyLength = b.length - p;
            if (bodyLength > 0 && !(method.equals("INVITE") && first[CONTENT_LENGTH] >= 0
                    && digitsOnly(first[CONTENT_LENGTH]) && contentLength(first[CONTENT_LENGTH]) == bodyLength)) {
                return null;
            }
            if (first[VIA] < 0 || first[FROM] < 0 || first[TO] < 0 || first[CALL_ID] < 0 || first[CSEQ] < 0
                    || first[MAX_FORWARDS] < 0) {
                return null;
            }
            if (!digitsOnly(first[MAX_FORWARDS]) || (bodyLength == 0 && first[CONTENT_LENGTH] >= 0 && !isZero(first[CONTENT_LENGTH]))) {
                return null;
            }
            Via via = topVia(first[VIA]);
            if (via == null) {
                return null;
            }
            int c = first[CALL_ID];
            if (valueEnd[c] == valueStart[c] || indexOf(' ', valueStart[c], valueEnd[c]) >= 0
                    || indexOf('\t', valueStart[c], valueEnd[c]) >= 0) {
                return null;
            }
            String callId = latin1(b, valueStart[c], valueEnd[c] - valueStart[c]);
            int q = first[CSEQ];
            int digitsEnd = valueStart[q];
            while (digitsEnd < valueEnd[q] && b[digitsEnd] >= '0' && b[digitsEnd] <= '9') {
                digitsEnd++;
            }
            if (digitsEnd == valueStart[q] || digitsEnd - valueStart[q] > 10 || digitsEnd >= valueEnd[q] || b[digitsEnd] != ' ') {
                return null;
            }
            long cseq = Long.parseLong(latin1(b, valueStart[q], digitsEnd - valueStart[q]));
            int m = digitsEnd + 1;
            if (cseq > 0xFFFFFFFFL || valueEnd[q] - m != sp || !startsWith(m, method)) {
                return null;
            }
            return new RawRequest(b, method, uriStart, uriEnd, lines, kind, lineStart, valueStart, valueEnd, first, via,
                    callId, cseq);
        }

        /** {@code SIP/2.0/UDP host[:port](;param[=value])*}, one value, a magic-cookie branch, no received. */
        private Via topVia(int line) {
            int p = valueStart[line];
            int end = valueEnd[line];
            if (indexOf(',', p, end) >= 0 || !startsWithIgnoreCase(p, "SIP/2.0/")) {
                return null;
            }
            p += 8;
            while (p < end && isTokenChar(b[p])) {
                p++;
            }
            if (p >= end || b[p] != ' ') {
                return null;
            }
            while (p < end && b[p] == ' ') {
                p++;
            }
            int hostStart = p;
            while (p < end && (isAlnum(b[p]) || b[p] == '.' || b[p] == '-')) {
                p++;
            }
            if (p == hostStart) {
                return null;
            }
            String host = latin1(b, hostStart, p - hostStart).toLowerCase(Locale.ROOT);
            int port = 0;
            if (p < end && b[p] == ':') {
                int d = ++p;
                while (p < end && b[p] >= '0' && b[p] <= '9') {
                    p++;
                }
                if (p == d || p - d > 5) {
                    return null;
                }
                port = Integer.parseInt(latin1(b, d, p - d));
                if (port == 0 || port > 65535) {
                    return null;
                }
            }
            String branch = null;
            boolean hasRport = false;
            int rport = 0;
            int emptyRportEnd = -1;
            while (p < end) {
                if (b[p] != ';') {
                    return null;
                }
                int nameStart = ++p;
                while (p < end && isTokenChar(b[p])) {
                    p++;
                }
                int nameEnd = p;
                int valStart = -1;
                if (p < end && b[p] == '=') {
                    valStart = ++p;
                    while (p < end && (isTokenChar(b[p]) || b[p] == ':' || b[p] == '[' || b[p] == ']')) {
                        p++;
                    }
                }
                if (nameEnd == nameStart || (valStart >= 0 && p == valStart)) {
                    return null;
                }
                if (equalsIgnoreCase(nameStart, nameEnd, "branch")) {
                    if (valStart < 0 || branch != null) {
                        return null;
                    }
                    branch = latin1(b, valStart, p - valStart);
                } else if (equalsIgnoreCase(nameStart, nameEnd, "rport")) {
                    if (hasRport) {
                        return null;
                    }
                    hasRport = true;
                    if (valStart < 0) {
                        emptyRportEnd = nameEnd;
                    } else {
                        if (p - valStart > 5 || !allDigits(valStart, p)) {
                            return null;
                        }
                        rport = Integer.parseInt(latin1(b, valStart, p - valStart));
                    }
                } else if (equalsIgnoreCase(nameStart, nameEnd, "received")) {
                    return null;
                }
            }
            if (branch == null || !branch.startsWith(TransactionKey.MAGIC_COOKIE)) {
                return null;
            }
            return new Via(branch, host, port, hasRport, rport, emptyRportEnd);
        }

        private int classify(int from, int to) {
            int n = to - from;
            if (n == 1) {
                return switch (lower(b[from])) {
                    case 'v' -> VIA;
                    case 'f' -> FROM;
                    case 't' -> TO;
                    case 'i' -> CALL_ID;
                    case 'm' -> CONTACT;
                    case 'l' -> CONTENT_LENGTH;
                    default -> OTHER;
                };
            }
            if (equalsIgnoreCase(from, to, "Via")) {
                return VIA;
            } else if (equalsIgnoreCase(from, to, "From")) {
                return FROM;
            } else if (equalsIgnoreCase(from, to, "To")) {
                return TO;
            } else if (equalsIgnoreCase(from, to, "Call-ID")) {
                return CALL_ID;
            } else if (equalsIgnoreCase(from, to, "CSeq")) {
                return CSEQ;
            } else if (equalsIgnoreCase(from, to, "Max-Forwards")) {
                return MAX_FORWARDS;
            } else if (equalsIgnoreCase(from, to, "Content-Length")) {
                return CONTENT_LENGTH;
            } else if (equalsIgnoreCase(from, to, "Contact")) {
                return CONTACT;
            } else if (equalsIgnoreCase(from, to, "Expires")) {
                return EXPIRES;
            } else if (equalsIgnoreCase(from, to, "Authorization")) {
                return AUTHORIZATION;
            } else if (equalsIgnoreCase(from, to, "User-Agent")) {
                return USER_AGENT;
            } else if (equalsIgnoreCase(from, to, "Require")) {
                return REQUIRE;
            } else if (equalsIgnoreCase(from, to, "Proxy-Authorization")) {
                return PROXY_AUTHORIZATION;
            }
            return OTHER;
        }

        private boolean digitsOnly(int line) {
            return valueEnd[line] > valueStart[line] && valueEnd[line] - valueStart[line] <= 9
                    && allDigits(valueStart[line], valueEnd[line]);
        }

        private int contentLength(int line) {
            return Integer.parseInt(latin1(b, valueStart[line], valueEnd[line] - valueStart[line]));
        }

        private boolean isZero(int line) {
            return digitsOnly(line) && Integer.parseInt(latin1(b, valueStart[line], valueEnd[line] - valueStart[line])) == 0;
        }

        private boolean allDigits(int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] < '0' || b[i] > '9') {
                    return false;
                }
            }
            return true;
        }

        private boolean isToken(int from, int to) {
            for (int i = from; i < to; i++) {
                if (!isTokenChar(b[i])) {
                    return false;
                }
            }
            return true;
        }

        private int indexOf(char c, int from) {
            return indexOf(c, from, b.length);
        }

        private int indexOf(char c, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] == c) {
                    return i;
                }
                if (b[i] == '\r' || b[i] == '\n') {
                    return -1;
                }
            }
            return -1;
        }

        private boolean startsWith(int at, String s) {
            if (at + s.length() > b.length) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (b[at + i] != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean startsWithIgnoreCase(int at, String s) {
            if (at + s.length() > b.length) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (lower(b[at + i]) != Character.toLowerCase(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private boolean equalsIgnoreCase(int from, int to, String s) {
            return to - from == s.length() && startsWithIgnoreCase(from, s);
        }
    }

    /** ASCII bytes to a String without a decoder (Latin-1 maps each byte to itself). */
    static String latin1(byte[] b, int from, int length) {
        return new String(b, from, length, StandardCharsets.ISO_8859_1);
    }

    /** RFC 3261 §25.1 token characters. */
    static boolean isTokenChar(byte c) {
        return isAlnum(c) || c == '-' || c == '.' || c == '!' || c == '%' || c == '*' || c == '_' || c == '+'
                || c == '`' || c == '\'' || c == '~';
    }

    private static boolean isAlnum(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
