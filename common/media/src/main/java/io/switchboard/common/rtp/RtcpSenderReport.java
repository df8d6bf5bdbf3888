package io.switchboard.common.rtp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes the compound RTCP packet an active sender emits: SR (RFC 3550 section 6.4.1) with at most
 * one report block, then SDES with the CNAME, which every compound packet must carry (section 6.1).
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=SR=200   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         SSRC of sender                        |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * sender |              NTP timestamp, most significant word             |
 * info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |             NTP timestamp, least significant word             |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         RTP timestamp                         |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     sender's packet count                     |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                      sender's octet count                     |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * report |                 SSRC_1 (SSRC of first source)                 |
 * block  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   1    | fraction lost |       cumulative number of packets lost       |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |           extended highest sequence number received           |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                      interarrival jitter                      |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         last SR (LSR)                         |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                   delay since last SR (DLSR)                  |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 * The length field counts 32-bit words minus one. Readers take absolute offsets of the SR's first byte.
 */
public final class RtcpSenderReport {
    public static final int PT_SR = 200;
    public static final int PT_RR = 201;
    public static final int PT_SDES = 202;
    public static final int PT_BYE = 203;
    static final int SDES_CNAME = 1;
    private static final int SR_LENGTH = 28;
    private static final int BLOCK_LENGTH = 24;

    private RtcpSenderReport() {
    }

    /** The SDES CNAME chunk's bytes, built once per endpoint so the sender allocates nothing per report. */
    public static byte[] cname(String cname) {
        byte[] text = cname.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(text.length, 255);
        // SSRC is written per report; here: type, length, text, then 1-4 null octets to the word boundary.
        int itemBytes = 2 + len;
        int padded = (itemBytes / 4 + 1) * 4;
        byte[] chunk = new byte[padded];
        chunk[0] = SDES_CNAME;
        chunk[1] = (byte) len;
        System.arraycopy(text, 0, chunk, 2, len);
        return chunk;
    }

    /**
     * Writes SR + SDES at the writer index. {@code reception} may be null (nothing received yet,
     * RC = 0). {@code nowMillis} is wall-clock time for the NTP timestamp.
     */
    public static void write(ByteBuf b, long ssrc, long nowMillis, long rtpTimestamp, long packets, long octets,
            ReceptionStats reception, byte[] cnameChunk) {
        boolean block = reception != null && reception.received() > 0;
        b.writeByte(0x80 | (block ? 1 : 0));
        b.writeByte(PT_SR);
        b.writeShort((SR_LENGTH + (block ? BLOCK_LENGTH : 0)) / 4 - 1);
        b.writeInt((int) ssrc);
        b.writeLong(NtpTime.fromEpochMillis(nowMillis));
        b.writeInt((int) rtpTimestamp);
        b.writeInt((int) packets);
        b.writeInt((int) octets);
        if (block) {
            reception.writeReportBlock(b, nowMillis);
        }
        b.writeByte(0x81);
        b.writeByte(PT_SDES);
        b.writeShort((4 + cnameChunk.length) / 4);
        b.writeInt((int) ssrc);
        b.writeBytes(cnameChunk);
    }

    public static int reportCount(ByteBuf b, int off) {
        return b.getUnsignedByte(off) & 0x1f;
    }

    public static int packetType(ByteBuf b, int off) {
        return b.getUnsignedByte(off + 1);
    }

    /** Length of this RTCP packet in bytes, from its length field. */
    public static int packetLength(ByteBuf b, int off) {
        return (b.getUnsignedShort(off + 2) + 1) * 4;
    }

    public static long senderSsrc(ByteBuf b, int off) {
        return b.getUnsignedInt(off + 4);
    }

    public static long ntpTimestamp(ByteBuf b, int off) {
        return b.getLong(off + 8);
    }

    public static long rtpTimestamp(ByteBuf b, int off) {
        return b.getUnsignedInt(off + 16);
    }

    public static long packetCount(ByteBuf b, int off) {
        return b.getUnsignedInt(off + 20);
    }

    public static long octetCount(ByteBuf b, int off) {
        return b.getUnsignedInt(off + 24);
    }

    /** Offset of report block {@code i} of an SR. */
    public static int reportBlock(int off, int i) {
        return off + SR_LENGTH + i * BLOCK_LENGTH;
    }
}
