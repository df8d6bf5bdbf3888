package io.switchboard.common.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Reads and writes RTP headers in place (nothing allocated). RFC 3550 section 5.1:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers (CC x 32)   |
 * </pre>
 * Offsets are absolute buffer indexes; {@code len} is the datagram's length from {@code off}.
 * The media server's relay calls these for every packet: they stay static, allocation- and lock-free.
 */
public final class RtpHeader {
    public static final int MIN_LENGTH = 12;

    private RtpHeader() {
    }

    public static boolean isVersion2(ByteBuf b, int off, int len) {
        return len >= MIN_LENGTH && (b.getUnsignedByte(off) & 0xc0) == 0x80;
    }

    public static boolean marker(ByteBuf b, int off) {
        return (b.getUnsignedByte(off + 1) & 0x80) != 0;
    }

    public static int payloadType(ByteBuf b, int off) {
        return b.getUnsignedByte(off + 1) & 0x7f;
    }

    public static int sequence(ByteBuf b, int off) {
        return b.getUnsignedShort(off + 2);
    }

    public static long timestamp(ByteBuf b, int off) {
        return b.getUnsignedInt(off + 4);
    }

    public static long ssrc(ByteBuf b, int off) {
        return b.getUnsignedInt(off + 8);
    }

    /**
     * RFC 5761 section 4: on a multiplexed port, RTCP packet types 200-204 occupy the byte where RTP
     * has marker + payload type; RTP payload types 72-76 are therefore never used with rtcp-mux.
     */
    public static boolean isRtcp(ByteBuf b, int off, int len) {
        if (len < 2) {
            return false;
        }
        int pt = b.getUnsignedByte(off + 1);
        return pt >= 200 && pt <= 204;
    }

    /** Bytes before the payload: fixed header, CSRCs and the header extension (RFC 3550 5.3.1); -1 if malformed. */
    public static int headerLength(ByteBuf b, int off, int len) {
        int first = b.getUnsignedByte(off);
        int h = MIN_LENGTH + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            if (len < h + 4) {
                return -1;
            }
            h += 4 + 4 * b.getUnsignedShort(off + h + 2);
        }
        return h <= len ? h : -1;
    }

    /** Payload bytes, without the padding that the P bit announces (RFC 3550 5.1); -1 if the padding is impossible. */
    public static int payloadLength(ByteBuf b, int off, int len, int headerLength) {
        int payload = len - headerLength;
        if ((b.getUnsignedByte(off) & 0x20) != 0 && payload > 0) {
            payload -= b.getUnsignedByte(off + len - 1);
        }
        return payload >= 0 ? payload : -1;
    }

    /** Sets a 12-byte header (V=2, no padding, extension or CSRC) at {@code off}, e.g. after the payload is written. */
    public static void set(ByteBuf b, int off, boolean marker, int payloadType, int sequence, long timestamp, long ssrc) {
        b.setByte(off, 0x80);
        b.setByte(off + 1, (marker ? 0x80 : 0) | (payloadType & 0x7f));
        b.setShort(off + 2, sequence);
        b.setInt(off + 4, (int) timestamp);
        b.setInt(off + 8, (int) ssrc);
    }
}
