package io.switchboard.media.webrtc;

import io.netty.buffer.ByteBuf;

/**
 * STUN (RFC 5389) vocabulary for the ICE-lite responder, and the demultiplexing test that tells a STUN
 * packet apart from RTP, RTCP and DTLS arriving on the same port (RFC 7983 section 7). Static helpers
 * only, no state; buffers are read with absolute getters, so their indexes never move.
 */
public final class StunBinding {
    /** RFC 5389 section 6: the fixed value at bytes 4-7 of every RFC 5389 message. */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** RFC 5389 section 6: type, length, magic cookie and 96-bit transaction ID. */
    public static final int HEADER_BYTES = 20;

    /** Message types (RFC 5389 section 6 and 18.1): Binding request, indication, success and error response. */
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_INDICATION = 0x0011;
    static final int BINDING_SUCCESS = 0x0101;
    static final int BINDING_ERROR = 0x0111;

    /** Attribute types: RFC 5389 section 18.2, RFC 8445 section 16.1, RFC 8489 section 18.3. */
    static final int USERNAME = 0x0006;
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int ERROR_CODE = 0x0009;
    static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int PRIORITY = 0x0024;
    static final int USE_CANDIDATE = 0x0025;
    static final int FINGERPRINT = 0x8028;
    static final int ICE_CONTROLLED = 0x8029;
    static final int ICE_CONTROLLING = 0x802A;

    /** Offsets in the header (RFC 5389 section 6). */
    static final int LENGTH_OFFSET = 2;
    static final int COOKIE_OFFSET = 4;
    static final int TRANSACTION_ID_OFFSET = 8;
    static final int TRANSACTION_ID_BYTES = 12;

    /** Attribute header: type and length (RFC 5389 section 15). */
    static final int ATTRIBUTE_HEADER_BYTES = 4;
    /** HMAC-SHA1 output (RFC 5389 section 15.4). */
    static final int HMAC_SHA1_BYTES = 20;
    static final int MESSAGE_INTEGRITY_BYTES = ATTRIBUTE_HEADER_BYTES + HMAC_SHA1_BYTES;
    static final int FINGERPRINT_BYTES = ATTRIBUTE_HEADER_BYTES + 4;
    /** RFC 5389 section 15.5: the CRC-32 is XORed with this ("STUN"), so a non-STUN CRC-32 does not pass. */
    static final int FINGERPRINT_XOR = 0x5354554E;

    private StunBinding() {
    }

    /**
     * Whether the {@code len} bytes at {@code off} are a STUN message rather than RTP/RTCP (first byte
     * 128-191), DTLS (20-63) or ZRTP (16-19) sharing the port: RFC 7983 section 7 sends a first byte of
     * 0-3 to STUN; the length (a header at least) and magic cookie (RFC 5389 section 6; absent from
     * RFC 3489 messages, which ICE does not use) make a false positive unlikely. Says nothing of whether the
     * message is well formed: see {@link StunResponder#check}.
     */
    public static boolean isStun(ByteBuf buf, int off, int len) {
        return len >= HEADER_BYTES
                && buf.getUnsignedByte(off) <= 3
                && buf.getInt(off + COOKIE_OFFSET) == MAGIC_COOKIE;
    }

    /** An attribute's length rounded up to the 32-bit boundary that the next attribute starts on (RFC 5389 section 15). */
    static int padded(int length) {
        return (length + 3) & ~3;
    }
}
