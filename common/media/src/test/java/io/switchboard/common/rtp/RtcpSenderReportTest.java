package io.switchboard.common.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RtcpSenderReportTest {
    private static final long NOW = 1_700_000_000_123L;

    @Test
    void senderReportCarriesNtpRtpAndCountsThenSdesCname_rfc3550_6_4_1() {
        ByteBuf b = Unpooled.buffer();
        byte[] cname = RtcpSenderReport.cname("ivr@10.0.0.5");
        RtcpSenderReport.write(b, 0xdeadbeefL, NOW, 0xfffffff0L, 500, 80_000, null, cname);

        assertThat((int) b.getUnsignedByte(0) >> 6).isEqualTo(2);
        assertThat(RtcpSenderReport.reportCount(b, 0)).isZero();
        assertThat(RtcpSenderReport.packetType(b, 0)).isEqualTo(200);
        assertThat(RtcpSenderReport.packetLength(b, 0)).isEqualTo(28);
        assertThat(RtcpSenderReport.senderSsrc(b, 0)).isEqualTo(0xdeadbeefL);
        long ntp = RtcpSenderReport.ntpTimestamp(b, 0);
        assertThat(ntp >>> 32).isEqualTo(NOW / 1000 + 2_208_988_800L);
        assertThat(NtpTime.toEpochMillis(ntp)).isBetween(NOW - 1, NOW);
        assertThat(RtcpSenderReport.rtpTimestamp(b, 0)).isEqualTo(0xfffffff0L);
        assertThat(RtcpSenderReport.packetCount(b, 0)).isEqualTo(500);
        assertThat(RtcpSenderReport.octetCount(b, 0)).isEqualTo(80_000);

        int sdes = 28;
        assertThat((int) b.getUnsignedByte(sdes)).isEqualTo(0x81);
        assertThat(RtcpSenderReport.packetType(b, sdes)).isEqualTo(202);
        assertThat(b.getUnsignedInt(sdes + 4)).isEqualTo(0xdeadbeefL);
        assertThat((int) b.getUnsignedByte(sdes + 8)).isEqualTo(1);
        int len = b.getUnsignedByte(sdes + 9);
        assertThat(b.toString(sdes + 10, len, StandardCharsets.UTF_8)).isEqualTo("ivr@10.0.0.5");
        assertThat(sdes + RtcpSenderReport.packetLength(b, sdes)).isEqualTo(b.readableBytes());
        assertThat(b.readableBytes() % 4).isZero();
        assertThat(b.getByte(sdes + 10 + len)).isZero(); // item list ends with a null octet (section 6.5)
        b.release();
    }

    @Test
    void reportBlockDescribesTheStreamWeReceive_rfc3550_6_4_1() {
        ReceptionStats rx = new ReceptionStats();
        for (int seq = 65530; seq < 65530 + 20; seq++) {
            if (seq == 65535 || seq == 65540) {
                continue; // two lost, one of them across the wrap
            }
            rx.received(0x1234L, seq & 0xffff, seq * 160L, seq * 160L + 777);
        }
        rx.senderReport(NtpTime.fromEpochMillis(NOW - 500), NOW - 500);
        ByteBuf b = Unpooled.buffer();
        RtcpSenderReport.write(b, 1, NOW, 0, 0, 0, rx, RtcpSenderReport.cname("x"));
        assertThat(RtcpSenderReport.reportCount(b, 0)).isEqualTo(1);
        assertThat(RtcpSenderReport.packetLength(b, 0)).isEqualTo(52);
        int block = RtcpSenderReport.reportBlock(0, 0);
        assertThat(b.getUnsignedInt(block)).isEqualTo(0x1234L);
        assertThat((int) b.getUnsignedByte(block + 4)).isEqualTo(2 * 256 / 20); // fraction lost, 8-bit fixed point
        assertThat(b.getUnsignedMedium(block + 5)).isEqualTo(2);
        assertThat(b.getUnsignedInt(block + 8)).isEqualTo(65536 + (65530 + 19 - 65536));
        assertThat(b.getUnsignedInt(block + 12)).isZero(); // perfectly paced: no jitter
        assertThat(b.getUnsignedInt(block + 16)).isEqualTo(NtpTime.middle32(NtpTime.fromEpochMillis(NOW - 500)));
        assertThat(b.getUnsignedInt(block + 20)).isBetween(32767L, 32769L); // 0.5 s in 1/65536 s
        b.release();
    }
}
