package io.switchboard.common.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Offsets are absolute: every packet here starts 5 bytes into its buffer, as after a read. */
class RtpHeaderTest {
    private static final int OFF = 5;

    private static ByteBuf packet(int... bytes) {
        ByteBuf b = Unpooled.buffer(OFF + bytes.length).writeZero(OFF);
        for (int v : bytes) {
            b.writeByte(v);
        }
        return b.readerIndex(OFF);
    }

    @Test
    void fixedHeaderWrittenBySetReadsBackFieldByField_rfc3550_5_1() {
        ByteBuf b = Unpooled.buffer(OFF + 12 + 160).writeZero(OFF + 12 + 160).readerIndex(OFF);
        RtpHeader.set(b, OFF, true, 8, 0xfffe, 0xfffffff0L, 0xdeadbeefL);
        int len = b.readableBytes();
        assertThat(RtpHeader.isVersion2(b, OFF, len)).isTrue();
        assertThat(RtpHeader.marker(b, OFF)).isTrue();
        assertThat(RtpHeader.payloadType(b, OFF)).isEqualTo(8);
        assertThat(RtpHeader.sequence(b, OFF)).isEqualTo(0xfffe);
        assertThat(RtpHeader.timestamp(b, OFF)).as("unsigned 32 bits").isEqualTo(0xfffffff0L);
        assertThat(RtpHeader.ssrc(b, OFF)).isEqualTo(0xdeadbeefL);
        assertThat(RtpHeader.headerLength(b, OFF, len)).isEqualTo(12);
        assertThat(RtpHeader.payloadLength(b, OFF, len, 12)).isEqualTo(160);
    }

    @Test
    void onlyVersionTwoWithAFullFixedHeaderIsRtp_rfc3550_5_1() {
        assertThat(RtpHeader.isVersion2(packet(0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1), OFF, 12)).isTrue();
        assertThat(RtpHeader.isVersion2(packet(0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1), OFF, 12)).as("version 1").isFalse();
        assertThat(RtpHeader.isVersion2(packet(0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0), OFF, 11)).as("11 bytes").isFalse();
    }

    @Test
    void headerLengthCountsCsrcsAndTheExtension_rfc3550_5_3_1() {
        // CC=2, X=1: 12 + 2 CSRCs (8) + extension header (4) + 1 extension word (4) = 28, then 2 payload bytes.
        ByteBuf b = packet(0x92, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1,
                0, 0, 0, 2, 0, 0, 0, 3,
                0xbe, 0xde, 0, 1, 0x10, 0xaa, 0, 0,
                0x55, 0x55);
        int len = b.readableBytes();
        assertThat(RtpHeader.headerLength(b, OFF, len)).isEqualTo(28);
        assertThat(RtpHeader.payloadLength(b, OFF, len, 28)).isEqualTo(2);
    }

    @Test
    void csrcsOrAnExtensionBeyondTheDatagramAreMalformed_rfc3550_5_3_1() {
        assertThat(RtpHeader.headerLength(packet(0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1), OFF, 12)).as("CC=1, no CSRC").isEqualTo(-1);
        assertThat(RtpHeader.headerLength(packet(0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xbe, 0xde), OFF, 14))
                .as("X=1, extension header cut").isEqualTo(-1);
        assertThat(RtpHeader.headerLength(packet(0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xbe, 0xde, 0, 2, 0, 0, 0, 0), OFF, 20))
                .as("X=1, 2 words announced, 1 present").isEqualTo(-1);
    }

    @Test
    void payloadLengthLeavesOutThePaddingThePBitAnnounces_rfc3550_5_1() {
        // P=1: 3 payload bytes, then 3 padding bytes whose last one counts them.
        ByteBuf b = packet(0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 0, 0, 3);
        assertThat(RtpHeader.payloadLength(b, OFF, b.readableBytes(), 12)).isEqualTo(3);
        ByteBuf impossible = packet(0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 9);
        assertThat(RtpHeader.payloadLength(impossible, OFF, impossible.readableBytes(), 12)).as("more padding than payload").isEqualTo(-1);
    }

    @Test
    void onAMultiplexedPortPacketTypes200To204AreRtcp_rfc5761_4() {
        for (int pt = 200; pt <= 204; pt++) {
            assertThat(RtpHeader.isRtcp(packet(0x80, pt, 0, 1), OFF, 4)).as("PT %d", pt).isTrue();
        }
        assertThat(RtpHeader.isRtcp(packet(0x80, 0x80, 0, 1), OFF, 4)).as("PCMU with marker").isFalse();
        assertThat(RtpHeader.isRtcp(packet(0x80, 199, 0, 1), OFF, 4)).isFalse();
        assertThat(RtpHeader.isRtcp(packet(0x80, 205, 0, 1), OFF, 4)).isFalse();
        assertThat(RtpHeader.isRtcp(packet(0x80), OFF, 1)).as("one byte").isFalse();
    }
}
