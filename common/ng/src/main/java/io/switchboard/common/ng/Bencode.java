package io.switchboard.common.ng;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bencode (BEP 3) as the ng protocol uses it: byte strings, integers, lists and dictionaries.
 *
 * <p>Byte strings decode to {@link String} through ISO-8859-1, which maps every byte to one char
 * and back: SDP and SIP tokens are ASCII, and a UTF-8 Call-ID survives a decode/encode round trip
 * byte for byte. Encoding writes a String as ISO-8859-1 when every char fits in a byte, else as
 * UTF-8. Integers decode to {@link Long}; lists to {@link ArrayList}; dictionaries to
 * {@link LinkedHashMap} in wire order (rtpengine does not sort keys, so neither do we: encoding
 * follows the map's iteration order).
 *
 * <p>Decoding is strict: trailing bytes, {@code i-0e}, leading zeros, unterminated containers,
 * nesting deeper than {@value #MAX_DEPTH} and lengths past the buffer are {@link NgProtocolException}s.
 */
public final class Bencode {
    public static final int MAX_DEPTH = 32;

    private Bencode() {
    }

    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        encode(value, out, 0);
        return out.toByteArray();
    }

    public static void encode(Object value, ByteArrayOutputStream out) {
        encode(value, out, 0);
    }

    private static void encode(Object value, ByteArrayOutputStream out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new NgProtocolException("cannot encode: nesting deeper than " + MAX_DEPTH);
        }
        if (value instanceof String s) {
            bytes(toBytes(s), out);
        } else if (value instanceof byte[] b) {
            bytes(b, out);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            ascii("i" + ((Number) value).longValue() + "e", out);
        } else if (value instanceof List<?> list) {
            out.write('l');
            for (Object o : list) {
                encode(o, out, depth + 1);
            }
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new NgProtocolException("cannot encode: dictionary key " + e.getKey() + " is not a string");
                }
                bytes(toBytes(key), out);
                encode(e.getValue(), out, depth + 1);
            }
            out.write('e');
        } else {
            throw new NgProtocolException("cannot encode " + (value == null ? "null" : value.getClass().getSimpleName())
                    + " (expected String, byte[], integer, List or Map)");
        }
    }

    private static byte[] toBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void bytes(byte[] b, ByteArrayOutputStream out) {
        ascii(Integer.toString(b.length), out);
        out.write(':');
        out.write(b, 0, b.length);
    }

    private static void ascii(String s, ByteArrayOutputStream out) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }

    /** Decodes exactly one value that fills {@code buf[off, off+len)}. */
    public static Object decode(byte[] buf, int off, int len) {
        Decoder d = new Decoder(buf, off, off + len);
        Object v = d.value(0);
        if (d.pos != d.end) {
            throw new NgProtocolException("trailing garbage at offset " + (d.pos - off) + " after a complete value");
        }
        return v;
    }

    public static Object decode(byte[] buf) {
        return decode(buf, 0, buf.length);
    }

    /** Decodes a dictionary, the only top-level value the ng protocol sends. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> decodeDictionary(byte[] buf, int off, int len) {
        if (len == 0 || buf[off] != 'd') {
            throw new NgProtocolException("expected a bencoded dictionary ('d...e') at offset 0");
        }
        return (Map<String, Object>) decode(buf, off, len);
    }

    private static final class Decoder {
        private final byte[] buf;
        private final int start;
        private final int end;
        private int pos;

        Decoder(byte[] buf, int pos, int end) {
            if (pos < 0 || end > buf.length || pos > end) {
                throw new IndexOutOfBoundsException("range " + pos + ".." + end + " outside buffer of " + buf.length);
            }
            this.buf = buf;
            this.start = pos;
            this.pos = pos;
            this.end = end;
        }

        private int at() {
            return pos - start;
        }

        private byte peek(String expected) {
            if (pos >= end) {
                throw new NgProtocolException("unexpected end of input at offset " + at() + " (expected " + expected + ")");
            }
            return buf[pos];
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new NgProtocolException("nesting deeper than " + MAX_DEPTH + " at offset " + at());
            }
            byte b = peek("a value");
            if (b == 'i') {
                pos++;
                long v = integer('e');
                pos++;
                return v;
            }
            if (b == 'l') {
                pos++;
                List<Object> list = new ArrayList<>();
                while (peek("a list item or 'e'") != 'e') {
                    list.add(value(depth + 1));
                }
                pos++;
                return list;
            }
            if (b == 'd') {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (peek("a dictionary key or 'e'") != 'e') {
                    if (buf[pos] < '0' || buf[pos] > '9') {
                        throw new NgProtocolException("expected a byte-string dictionary key at offset " + at()
                                + ", got '" + (char) buf[pos] + "'");
                    }
                    String key = string();
                    if (map.containsKey(key)) {
                        throw new NgProtocolException("duplicate dictionary key '" + key + "' at offset " + at());
                    }
                    map.put(key, value(depth + 1));
                }
                pos++;
                return map;
            }
            if (b >= '0' && b <= '9') {
                return string();
            }
            throw new NgProtocolException("expected 'i', 'l', 'd' or a string length at offset " + at() + ", got '" + (char) b + "'");
        }

        private String string() {
            long len = integer(':');
            if (len < 0) {
                throw new NgProtocolException("negative string length at offset " + at());
            }
            pos++;
            if (len > end - pos) {
                throw new NgProtocolException("string of " + len + " bytes at offset " + at() + " runs past the end of the input ("
                        + (end - pos) + " bytes left)");
            }
            String s = new String(buf, pos, (int) len, StandardCharsets.ISO_8859_1);
            pos += (int) len;
            return s;
        }

        /** Reads digits up to {@code terminator}, leaves pos on it. */
        private long integer(char terminator) {
            int first = pos;
            boolean negative = false;
            if (peek("digits") == '-') {
                if (terminator == ':') {
                    throw new NgProtocolException("negative string length at offset " + at());
                }
                negative = true;
                pos++;
            }
            int digitsStart = pos;
            long v = 0;
            while (peek("'" + terminator + "'") != terminator) {
                byte c = buf[pos];
                if (c < '0' || c > '9') {
                    throw new NgProtocolException("expected a digit or '" + terminator + "' at offset " + at() + ", got '" + (char) c + "'");
                }
                if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
                    throw new NgProtocolException("integer too large at offset " + (first - start));
                }
                v = v * 10 + (c - '0');
                pos++;
            }
            int digits = pos - digitsStart;
            if (digits == 0) {
                throw new NgProtocolException("expected digits before '" + terminator + "' at offset " + at());
            }
            if (digits > 1 && buf[digitsStart] == '0') {
                throw new NgProtocolException("leading zero in number at offset " + (first - start));
            }
            if (negative && v == 0) {
                throw new NgProtocolException("negative zero at offset " + (first - start));
            }
            return negative ? -v : v;
        }
    }
}
