package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;
import javax.sip.address.URI;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;

/**
 * The RFC 3261 §8.2 checks of a well-formed request that do not depend on which role handles it:
 * SIP version, Request-URI scheme, Require option tags. Made in the transport so every role
 * refuses alike; for a common request they cost a few byte compares, one type test and one bit
 * of {@link HeaderScan}. An ACK is never refused: it is never answered (RFC 3261 §17.1.1.3), and
 * the ACK for our own 416 carries the very Request-URI that earned it.
 */
final class RequestInspection {
    /**
     * Option tags (RFC 3261 §19.2) the roles on this transport implement: {@code replaces} (RFC 3891, signaling
     * takes INVITE with Replaces; some phones require it on their transfer INVITEs) and {@code timer} (RFC
     * 4028, signaling's session timers). Workers are reached only through signaling, which requires neither.
     */
    static final Set<String> SUPPORTED_OPTION_TAGS = Set.of("replaces", "timer");

    private static final String SIP_2_0 = " sip/2.0";

    private RequestInspection() {
    }

    /**
     * Why {@code request} is refused, or null. {@code b[start, scan.startLineEnd())} is its
     * Request-Line: the RI writes SIP/2.0 into the parsed one whatever the wire said.
     */
    static UnsupportedRequest inspect(SIPRequest request, byte[] b, int start, HeaderScan scan) {
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            return null;
        }
        if (!isSip20(b, start, scan.startLineEnd())) {
            return UnsupportedRequest.SIP_VERSION;
        }
        URI uri = request.getRequestURI();
        if (!uri.isSipURI() && !"tel".equalsIgnoreCase(uri.getScheme())) {
            return UnsupportedRequest.URI_SCHEME;
        }
        // RFC 3261 §8.2.2.3: a CANCEL (like an ACK) is processed whatever its Require says.
        if (scan.has(HeaderScan.REQUIRE) && !Request.CANCEL.equals(method) && !unsupportedOptionTags(request).isEmpty()) {
            return UnsupportedRequest.OPTION_TAG;
        }
        return null;
    }

    /**
     * The Require option tags outside {@link #SUPPORTED_OPTION_TAGS}, each once, in request order:
     * what the 420's Unsupported header lists.
     */
    static List<String> unsupportedOptionTags(SIPRequest request) {
        List<String> unsupported = new ArrayList<>(2);
        ListIterator<?> requires = request.getHeaders(RequireHeader.NAME);
        while (requires.hasNext()) {
            String tag = ((RequireHeader) requires.next()).getOptionTag();
            if (!SUPPORTED_OPTION_TAGS.contains(tag) && !unsupported.contains(tag)) {
                unsupported.add(tag);
            }
        }
        return unsupported;
    }

    /**
     * RFC 3261 §7.1: the line ends in SP "SIP/2.0", "SIP" in any case. Trailing blanks are let
     * pass, as the RI lets them (RFC 4475 §3.1.2.10 allows either).
     */
    static boolean isSip20(byte[] b, int start, int end) {
        while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        int from = end - SIP_2_0.length();
        if (from < start) {
            return false;
        }
        for (int i = 0; i < SIP_2_0.length(); i++) {
            int c = b[from + i];
            if (i >= 1 && i <= 3) {
                c |= 0x20;
            }
            if (c != SIP_2_0.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
