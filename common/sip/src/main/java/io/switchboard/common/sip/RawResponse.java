package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPResponse;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A response to a {@link RawRequest} written straight from the request's bytes (RFC 3261
 * §8.2.6.2): the Via fields in order, the top one given {@code received} and its empty
 * {@code rport} filled (RFC 3581 §4, as {@link SymmetricResponseRouting} does on the RI path),
 * From, To with our tag unless it has one, Call-ID, CSeq; then the TU's lines, Server and
 * Content-Length 0.
 */
final class RawResponse {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CONTENT_LENGTH_0 = "Content-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private RawResponse() {
    }

    static byte[] build(RawRequest r, InetSocketAddress source, int status, String reason, String toTag,
                        List<String> headerLines, byte[] serverLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        ascii(out, "SIP/2.0 ");
        ascii(out, Integer.toString(status));
        out.write(' ');
        utf8(out, reason != null ? reason : SIPResponse.getReasonPhrase(status));
        out.write(CRLF, 0, 2);
        byte[] b = r.bytes;
        for (int i = 0; i < r.lines(); i++) {
            int kind = r.kind(i);
            int start = r.lineStart[i];
            int end = r.valueEnd[i];
            if (kind == RawRequest.VIA && r.isTopVia(i)) {
                topVia(out, r, start, end, source);
            } else if (kind == RawRequest.TO) {
                out.write(b, start, end - start);
                if (status > 100 && !r.toHasTag()) {
                    ascii(out, ";tag=");
                    ascii(out, toTag);
                }
            } else if (kind == RawRequest.VIA || kind == RawRequest.FROM || kind == RawRequest.CALL_ID
                    || kind == RawRequest.CSEQ) {
                out.write(b, start, end - start);
            } else {
                continue;
            }
            out.write(CRLF, 0, 2);
        }
        for (String line : headerLines) {
            utf8(out, line);
            out.write(CRLF, 0, 2);
        }
        out.write(serverLine, 0, serverLine.length);
        out.write(CONTENT_LENGTH_0, 0, CONTENT_LENGTH_0.length);
        return out.toByteArray();
    }

    private static void topVia(ByteArrayOutputStream out, RawRequest r, int start, int end, InetSocketAddress source) {
        byte[] b = r.bytes;
        int rportEnd = r.emptyRportEnd;
        if (rportEnd > 0) {
            out.write(b, start, rportEnd - start);
            out.write('=');
            ascii(out, Integer.toString(source.getPort()));
            out.write(b, rportEnd, end - rportEnd);
        } else {
            out.write(b, start, end - start);
        }
        String ip = source.getAddress().getHostAddress();
        if (r.hasRport() || !ip.equals(r.sentByHost())) {
            ascii(out, ";received=");
            ascii(out, ip);
        }
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }

    private static void utf8(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }
}
