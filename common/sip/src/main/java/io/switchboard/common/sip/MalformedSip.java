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
    MALFORMED_REQUEST_LINE("malformed Request-Line"),
    STRAY_RESPONSE("response without a client transaction"),
    INCOMPLETE_HEADERS("header section not terminated"),
    TOO_SLOW("stream message not complete within the read timeout"),
    MISSING_VIA("missing Via"),
    MALFORMED_VIA("malformed Via"),
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
    DUPLICATE_FROM("duplicate From"),
    DUPLICATE_TO("duplicate To"),
    DUPLICATE_CALL_ID("duplicate Call-ID"),
    DUPLICATE_CSEQ("duplicate CSeq"),
    DUPLICATE_MAX_FORWARDS("duplicate Max-Forwards"),
    DUPLICATE_CONTENT_LENGTH("duplicate Content-Length"),
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

    /** The reason for the lowest of {@link HeaderScan#duplicated}'s bits, which must not be 0. */
    static MalformedSip duplicate(int duplicated) {
        return switch (Integer.lowestOneBit(duplicated)) {
            case HeaderScan.FROM -> DUPLICATE_FROM;
            case HeaderScan.TO -> DUPLICATE_TO;
            case HeaderScan.CALL_ID -> DUPLICATE_CALL_ID;
            case HeaderScan.CSEQ -> DUPLICATE_CSEQ;
            case HeaderScan.MAX_FORWARDS -> DUPLICATE_MAX_FORWARDS;
            case HeaderScan.CONTENT_LENGTH -> DUPLICATE_CONTENT_LENGTH;
            default -> throw new IllegalArgumentException("not a single-instance header bit: " + duplicated);
        };
    }

    String reasonPhrase() {
        return "Bad Request - " + problem;
    }
}
