package io.switchboard.common.sip;

import java.util.Locale;

/**
 * Why an inbound message was dropped or answered 400; one entry per {@code sip.malformed} reason tag.
 * The reason phrase of a 400 names the problem (RFC 3261 §21.4.1 allows any phrase).
 */
enum MalformedSip {
    EMPTY("empty message"),
    TRUNCATED("datagram filled the receive buffer"),
    OVERSIZED("message larger than maxMessageBytes"),
    TOO_MANY_HEADERS("more than 256 header fields"),
    TOO_MANY_VIAS("more than 70 Via header fields"),
    UNPARSEABLE("unparseable start line or headers"),
    STRAY_RESPONSE("response without a client transaction"),
    INCOMPLETE_HEADERS("header section not terminated"),
    MISSING_VIA("missing Via"),
    MISSING_FROM("missing From"),
    MALFORMED_FROM("malformed From"),
    MISSING_TO("missing To"),
    MALFORMED_TO("malformed To"),
    MISSING_CALL_ID("missing Call-ID"),
    MALFORMED_CALL_ID("malformed Call-ID"),
    MISSING_CSEQ("missing CSeq"),
    MALFORMED_CSEQ("malformed CSeq"),
    CSEQ_METHOD_MISMATCH("CSeq method differs from request method"),
    MALFORMED_MAX_FORWARDS("malformed Max-Forwards"),
    MALFORMED_CONTENT_LENGTH("malformed Content-Length"),
    MISSING_CONTENT_LENGTH("missing Content-Length on a stream"),
    CONTENT_LENGTH_EXCEEDS_BODY("Content-Length larger than body");

    private final String problem;
    private final String tag;

    MalformedSip(String problem) {
        this.problem = problem;
        this.tag = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The {@code reason} tag of {@code sip.malformed}. */
    String tag() {
        return tag;
    }

    String reasonPhrase() {
        return "Bad Request - " + problem;
    }
}
