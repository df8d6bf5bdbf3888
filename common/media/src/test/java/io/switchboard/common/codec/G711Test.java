package io.switchboard.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711Test {
    @Test
    void decodeTablesMatchTheStandardEndpoints_g711_table2() {
        assertThat(G711.ulawToLinear((byte) 0xff)).isEqualTo((short) 0);
        assertThat(G711.ulawToLinear((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.alawToLinear((byte) 0xd5)).isEqualTo((short) 8);
        assertThat(G711.alawToLinear((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.alawToLinear((byte) 0xaa)).isEqualTo((short) 32256);
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode_g711() {
        for (int i = 0; i < 256; i++) {
            byte b = (byte) i;
            if (i != 0x7f) { // µ-law 0x7f is "negative zero" and encodes back as 0xff
                assertThat(G711.linearToUlaw(G711.ulawToLinear(b))).as("ulaw %02x", i).isEqualTo(b);
            }
            assertThat(G711.linearToAlaw(G711.alawToLinear(b))).as("alaw %02x", i).isEqualTo(b);
        }
    }

    @Test
    void roundTripErrorStaysWithinHalfASegmentStep_g711() {
        for (int x = -32000; x <= 32000; x++) {
            short s = (short) x;
            // Half a step is 1/32 of the segment's lowest value (at least 8), plus the truncation of the 14/13-bit input.
            int bound = Math.max(20, Math.abs(x) / 32 + 8);
            assertThat(Math.abs(G711.ulawToLinear(G711.linearToUlaw(s)) - x)).as("ulaw %d", x).isLessThanOrEqualTo(bound);
            assertThat(Math.abs(G711.alawToLinear(G711.linearToAlaw(s)) - x)).as("alaw %d", x).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void sineThroughEitherCodecKeepsAbove30dBSnr_rfc3551_4_5_14() {
        for (Codec c : new Codec[] {Pcmu.INSTANCE, Pcma.INSTANCE}) {
            short[] pcm = new short[8000];
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = (short) (10000 * Math.sin(2 * Math.PI * 1004 * i / 8000.0));
            }
            byte[] payload = new byte[pcm.length];
            assertThat(c.encode(pcm, 0, pcm.length, payload, 0)).isEqualTo(8000);
            short[] back = new short[pcm.length];
            assertThat(c.decode(payload, 0, payload.length, back, 0)).isEqualTo(8000);
            double signal = 0;
            double noise = 0;
            for (int i = 0; i < pcm.length; i++) {
                signal += (double) pcm[i] * pcm[i];
                noise += (double) (pcm[i] - back[i]) * (pcm[i] - back[i]);
            }
            double snr = 10 * Math.log10(signal / noise);
            System.out.printf("%s SNR %.1f dB%n", c.name(), snr);
            assertThat(snr).as(c.name()).isGreaterThan(30);
        }
    }
}
