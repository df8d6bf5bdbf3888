package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Bytes to a validated {@link SIPRequest} and responses to bytes (RFC 3261 §7, §8.2, §18.3); a
 * well-formed request is then looked over by {@link RequestInspection} (version, URI scheme, Require).
 * The RI parser is forgiving: it drops headers it cannot parse and keeps a body longer than
 * Content-Length, so the rules that matter are checked here, and the body is cut by us.
 * Call {@link #decode} on event-loop threads only (one parser per thread).
 */
final class SipCodec {
    static final int MAX_HEADERS = 256;
    static final int MAX_VIAS = 70;

    private static final FastThreadLocal<StringMsgParser> PARSER = new FastThreadLocal<>() {
        @Override
        protected StringMsgParser initialValue() {
            return new StringMsgParser();
        }
    };

    /** Stands in for a start line the RI rejects; the CRLF after it is the original's. */
    private static final byte[] PLACEHOLDER_START_LINE = "OPTIONS sip:invalid SIP/2.0".getBytes(StandardCharsets.US_ASCII);

    static {
        StackLoggerToSlf4j.install();
    }

    /** The whole datagram (UDP) or one frame from {@link SipStreamFramer} (TCP). */
    DecodedRequest decode(byte[] b, SipTransportKind transport) {
        int start = 0;
        while (start < b.length && (b[start] == '\r' || b[start] == '\n')) {
            start++;
        }
        if (start == b.length) {
            return DecodedRequest.dropped(MalformedSip.EMPTY);
        }
        if (b.length - start > 4 && b[start] == 'S' && b[start + 1] == 'I' && b[start + 2] == 'P' && b[start + 3] == '/') {
            return DecodedRequest.dropped(MalformedSip.STRAY_RESPONSE);
        }
        HeaderScan scan = HeaderScan.scan(b, start, b.length, MAX_HEADERS, MAX_VIAS);
        if (scan.headerCount() > MAX_HEADERS) {
            return DecodedRequest.dropped(MalformedSip.TOO_MANY_HEADERS);
        }
        if (scan.viaCount() > MAX_VIAS) {
            return DecodedRequest.dropped(MalformedSip.TOO_MANY_VIAS);
        }
        SIPMessage message;
        try {
            // readBody=false: the RI would throw on a short body and keep bytes past Content-Length.
            message = PARSER.get().parseSIPMessage(b, false, false, null);
        } catch (ParseException | RuntimeException e) {
            DecodedRequest repaired = withPlaceholderStartLine(b, start, scan);
            return repaired.answerable() ? repaired : withPlaceholderVia(b, start, repaired);
        }
        if (message instanceof SIPResponse) {
            return DecodedRequest.dropped(MalformedSip.STRAY_RESPONSE);
        }
        if (!(message instanceof SIPRequest request) || request.getRequestLine() == null) {
            return withPlaceholderStartLine(b, start, scan);
        }
        if (request.getTopmostVia() == null) {
            // A Via field was there but the RI could not read it (it skips bad headers): 400, not silence.
            return (scan.present() & HeaderScan.VIA) != 0
                    ? withPlaceholderVia(b, start, DecodedRequest.dropped(MalformedSip.MALFORMED_VIA))
                    : DecodedRequest.dropped(MalformedSip.MISSING_VIA);
        }
        if (request.getViaHeaders().size() > MAX_VIAS) {
            return DecodedRequest.dropped(MalformedSip.TOO_MANY_VIAS);
        }
        MalformedSip problem = headerProblem(request, scan);
        if (problem == null) {
            problem = attachBody(request, b, scan, transport);
        }
        if (problem == null) {
            UnsupportedRequest unsupported = RequestInspection.inspect(request, b, start, scan);
            return unsupported == null ? DecodedRequest.valid(request) : DecodedRequest.unsupported(request, unsupported);
        }
        // RFC 3261 §17.1.1.3: an ACK is never answered.
        return Request.ACK.equals(request.getMethod())
                ? DecodedRequest.dropped(problem)
                : DecodedRequest.answerable(request, problem);
    }

    /**
     * RFC 4475 §3.1.2.7, §3.1.2.8: the RI refuses the whole message for a Request-URI such as
     * {@code <sip:u@h>} or {@code sip:u@h; lr}, where the RFC wants a 400. Parsed again behind a
     * placeholder start line, the headers may still hold all a 400 needs; the method is then the
     * CSeq's. Only messages that failed the first parse pay for the second.
     */
    private static DecodedRequest withPlaceholderStartLine(byte[] b, int start, HeaderScan scan) {
        int lineEnd = scan.startLineEnd();
        if (lineEnd >= scan.headerEnd() || startsWith(b, start, "ACK ")) {
            return DecodedRequest.dropped(MalformedSip.UNPARSEABLE);
        }
        byte[] patched = Arrays.copyOf(PLACEHOLDER_START_LINE, PLACEHOLDER_START_LINE.length + b.length - lineEnd);
        System.arraycopy(b, lineEnd, patched, PLACEHOLDER_START_LINE.length, b.length - lineEnd);
        SIPMessage message;
        try {
            message = PARSER.get().parseSIPMessage(patched, false, false, null);
        } catch (ParseException | RuntimeException e) {
            return DecodedRequest.dropped(MalformedSip.UNPARSEABLE);
        }
        if (!(message instanceof SIPRequest partial) || partial.getTopmostVia() == null
                || partial.getViaHeaders().size() > MAX_VIAS || !canBeAnswered(partial)
                || Request.ACK.equals(partial.getCSeq().getMethod())) {
            return DecodedRequest.dropped(MalformedSip.UNPARSEABLE);
        }
        partial.setMethod(partial.getCSeq().getMethod());
        return DecodedRequest.answerable(partial, MalformedSip.MALFORMED_REQUEST_LINE);
    }

    /**
     * RFC 4475 §3.1.2.1 (badinv01): a Via the RI cannot parse fails the whole message, yet the
     * request deserves a 400. Parsed again with the Via fields replaced by one placeholder whose
     * received/rport stamp routes the 400 to the real source; the other headers are the request's.
     */
    private static DecodedRequest withPlaceholderVia(byte[] b, int start, DecodedRequest failed) {
        String text = new String(b, start, b.length - start, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0 || startsWith(b, start, "ACK ")) {
            return failed;
        }
        StringBuilder patched = new StringBuilder(end + 96);
        boolean viaWritten = false;
        boolean skippingFolded = false;
        boolean first = true;
        for (String line : text.substring(0, end).split("\r\n", -1)) {
            if (first) {
                patched.append(line);
                first = false;
                continue;
            }
            if (skippingFolded && !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).trim();
            skippingFolded = name.equalsIgnoreCase("via") || name.equalsIgnoreCase("v");
            if (skippingFolded) {
                if (!viaWritten) {
                    patched.append("\r\nVia: SIP/2.0/UDP invalid;rport;branch=z9hG4bK-malformed-via");
                    viaWritten = true;
                }
                continue;
            }
            patched.append("\r\n").append(line);
        }
        if (!viaWritten) {
            return failed;
        }
        patched.append("\r\n\r\n");
        SIPMessage message;
        try {
            message = PARSER.get().parseSIPMessage(patched.toString().getBytes(StandardCharsets.ISO_8859_1), false, false, null);
        } catch (ParseException | RuntimeException e) {
            return failed;
        }
        if (!(message instanceof SIPRequest partial) || partial.getRequestLine() == null || !canBeAnswered(partial)
                || Request.ACK.equals(partial.getMethod())) {
            return failed;
        }
        return DecodedRequest.answerable(partial, MalformedSip.MALFORMED_VIA);
    }

    /** From, To, Call-ID and CSeq: what a 400 copies besides the Via (RFC 3261 §8.2.6.2). */
    private static boolean canBeAnswered(SIPRequest partial) {
        return partial.getFrom() != null && partial.getTo() != null && partial.getCallId() != null
                && partial.getCSeq() != null;
    }

    private static boolean startsWith(byte[] b, int start, String prefix) {
        if (b.length - start < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[start + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A response starts with the SIP version (RFC 3261 §7.2); CRLF keep-alives before it are skipped. */
    static boolean isResponse(byte[] b) {
        int start = 0;
        while (start < b.length && (b[start] == '\r' || b[start] == '\n')) {
            start++;
        }
        return b.length - start > 4 && b[start] == 'S' && b[start + 1] == 'I' && b[start + 2] == 'P' && b[start + 3] == '/';
    }

    /**
     * A response for the client transactions, or null when it cannot be matched or handed up: no
     * top Via, From, To, Call-ID or CSeq, a short body, too many headers. Event-loop threads only.
     */
    SIPResponse decodeResponse(byte[] b, SipTransportKind transport) {
        int start = 0;
        while (start < b.length && (b[start] == '\r' || b[start] == '\n')) {
            start++;
        }
        HeaderScan scan = HeaderScan.scan(b, start, b.length, MAX_HEADERS, MAX_VIAS);
        if (scan.headerCount() > MAX_HEADERS || scan.viaCount() > MAX_VIAS || !scan.terminated()
                || scan.contentLength() == HeaderScan.MALFORMED) {
            return null;
        }
        SIPMessage message;
        try {
            message = PARSER.get().parseSIPMessage(b, false, false, null);
        } catch (ParseException | RuntimeException e) {
            return null;
        }
        if (!(message instanceof SIPResponse response) || response.getStatusLine() == null
                || response.getTopmostVia() == null || response.getFrom() == null || response.getTo() == null
                || response.getCallId() == null || response.getCSeq() == null) {
            return null;
        }
        return attachBody(response, b, scan, transport) == null ? response : null;
    }

    private static MalformedSip headerProblem(SIPRequest request, HeaderScan scan) {
        if (request.getFrom() == null) {
            return scan.has(HeaderScan.FROM) ? MalformedSip.MALFORMED_FROM : MalformedSip.MISSING_FROM;
        }
        if (request.getTo() == null) {
            return scan.has(HeaderScan.TO) ? MalformedSip.MALFORMED_TO : MalformedSip.MISSING_TO;
        }
        if (request.getCallId() == null) {
            return scan.has(HeaderScan.CALL_ID) ? MalformedSip.MALFORMED_CALL_ID : MalformedSip.MISSING_CALL_ID;
        }
        if (request.getCSeq() == null) {
            return scan.has(HeaderScan.CSEQ) ? MalformedSip.MALFORMED_CSEQ : MalformedSip.MISSING_CSEQ;
        }
        // RFC 3261 §7.3.1: of two From (or CSeq, ...) the RI keeps one silently; which is a guess.
        if (scan.duplicated() != 0) {
            return MalformedSip.duplicate(scan.duplicated());
        }
        if (!request.getCSeq().getMethod().equals(request.getMethod())) {
            return MalformedSip.CSEQ_METHOD_MISMATCH;
        }
        if (scan.has(HeaderScan.MAX_FORWARDS) && request.getMaxForwards() == null) {
            return MalformedSip.MALFORMED_MAX_FORWARDS;
        }
        if (!scan.terminated()) {
            return MalformedSip.INCOMPLETE_HEADERS;
        }
        if (scan.contentLength() == HeaderScan.MALFORMED) {
            return MalformedSip.MALFORMED_CONTENT_LENGTH;
        }
        return null;
    }

    /** RFC 3261 §18.3: UDP may omit Content-Length (body runs to the end) and ignores bytes past it; streams must carry it. */
    private static MalformedSip attachBody(SIPMessage message, byte[] b, HeaderScan scan, SipTransportKind transport) {
        int available = b.length - scan.bodyStart();
        int length = scan.contentLength();
        if (length == HeaderScan.ABSENT) {
            if (transport.reliable()) {
                return MalformedSip.MISSING_CONTENT_LENGTH;
            }
            length = available;
        }
        if (length > available) {
            return MalformedSip.CONTENT_LENGTH_EXCEEDS_BODY;
        }
        if (length > 0) {
            message.setMessageContent(Arrays.copyOfRange(b, scan.bodyStart(), scan.bodyStart() + length));
        }
        return null;
    }

    static byte[] encode(Response response, SipTransportKind transport) {
        return ((SIPMessage) response).encodeAsBytes(transport.name());
    }

    /** Note: the RI writes {@code transport} into the top Via, which must exist. */
    static byte[] encode(Request request, SipTransportKind transport) {
        return ((SIPMessage) request).encodeAsBytes(transport.name());
    }
}
