package io.switchboard.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.jitsi.impl.neomedia.codec.audio.opus.Opus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpusCodecTest {
    private static final int FRAME = 160;

    /** libjitsi ships libjnopus for these; anywhere else leaving Opus out is the expected outcome. */
    @BeforeAll
    static void nativeLoadsWhereLibjitsiShipsIt() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        boolean shipped = os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64"));
        org.junit.jupiter.api.Assumptions.assumeTrue(shipped || OpusCodec.available(), "no libjnopus for " + os + "/" + arch);
        assertThat(OpusCodec.available()).as("libjnopus loads from the libjitsi jar on " + os + "/" + arch).isTrue();
    }

    private static short[] sine(double hz, int samples, int amplitude) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / 8000.0));
        }
        return s;
    }

    @Test
    void describesItselfAsRfc7587Says() {
        OpusCodec c = new OpusCodec(8000);
        try {
            assertThat(c.name()).isEqualTo("opus");
            assertThat(c.rtpClockRate()).isEqualTo(48000);
            assertThat(c.channels()).isEqualTo(2);
            assertThat(c.clockRate()).isEqualTo(8000);
            assertThat(c.samplesPerFrame(20)).isEqualTo(160);
            assertThat(c.timestampStep(20)).isEqualTo(960);
            assertThat(c.staticPayloadType()).isEqualTo(-1);
            assertThat(Pcmu.INSTANCE.timestampStep(20)).isEqualTo(160);
        } finally {
            c.release();
        }
    }

    @Test
    void atSixteenKilohertzASixKilohertzToneGetsThroughWhichNarrowbandCannotCarry_rfc7587_3_1() {
        int frame = 320;
        int frames = 50;
        short[] in = new short[frames * frame];
        for (int i = 0; i < in.length; i++) {
            in[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 6000 * i / 16000.0));
        }
        short[] out = new short[in.length];
        OpusCodec c = new OpusCodec(16000);
        byte[] payload = new byte[c.maxPayloadBytes(frame)];
        try {
            assertThat(c.clockRate()).isEqualTo(16000);
            assertThat(c.samplesPerFrame(20)).isEqualTo(320);
            assertThat(c.timestampStep(20)).as("the RTP clock stays 48 kHz").isEqualTo(960);
            assertThat(c.fmtp()).isEqualTo("maxplaybackrate=16000;sprop-maxcapturerate=16000");
            for (int f = 0; f < frames; f++) {
                int len = c.encode(in, f * frame, frame, payload, 0);
                assertThat(c.decode(payload, 0, len, out, f * frame)).isEqualTo(frame);
            }
        } finally {
            c.release();
        }
        double sum = 0;
        for (int i = 20 * frame; i < out.length; i++) {
            sum += (double) out[i] * out[i];
        }
        double rms = Math.sqrt(sum / (out.length - 20 * frame));
        assertThat(rms).as("6 kHz after Opus at 16 kHz").isGreaterThan(0.5 * 8000 / Math.sqrt(2));
    }

    @Test
    void oneKilohertzSineSurvivesEncodeAndDecode_rfc6716() {
        int frames = 50;
        short[] in = sine(1000, frames * FRAME, 8000);
        short[] out = new short[in.length];
        OpusCodec c = new OpusCodec(8000);
        byte[] payload = new byte[c.maxPayloadBytes(FRAME)];
        int maxBytes = 0;
        int total = 0;
        try {
            for (int f = 0; f < frames; f++) {
                int len = c.encode(in, f * FRAME, FRAME, payload, 0);
                assertThat(len).isBetween(1, payload.length);
                // TOC byte (RFC 6716 section 3.1): 20 ms narrowband is config 1 (SILK) or 19 (CELT).
                int config = (payload[0] & 0xff) >> 3;
                assertThat(config == 1 || config == 19).as("narrowband/20 ms TOC config %d", config).isTrue();
                assertThat(payload[0] & 0x04).as("mono").isZero();
                maxBytes = Math.max(maxBytes, len);
                total += len;
                assertThat(c.decode(payload, 0, len, out, f * FRAME)).isEqualTo(FRAME);
            }
        } finally {
            c.release();
        }
        // Skip the first 10 frames (encoder warm-up), then find the codec delay by cross-correlation.
        int from = 10 * FRAME;
        int n = in.length - from - 200;
        double best = -1;
        int bestLag = -1;
        for (int lag = 0; lag < 200; lag++) {
            double xy = 0;
            double xx = 0;
            double yy = 0;
            for (int i = 0; i < n; i++) {
                double x = in[from + i];
                double y = out[from + i + lag];
                xy += x * y;
                xx += x * x;
                yy += y * y;
            }
            double r = xy / Math.sqrt(xx * yy + 1e-9);
            if (r > best) {
                best = r;
                bestLag = lag;
            }
        }
        double eIn = energy(in, from, n);
        double eOut = energy(out, from + bestLag, n);
        System.out.printf("opus 8k round trip: correlation %.4f at lag %d samples, energy out/in %.3f, mean %d B/frame (%.1f kbit/s), max %d B%n",
                best, bestLag, eOut / eIn, total / frames, total * 8.0 / (frames * 20), maxBytes);
        assertThat(best).isGreaterThan(0.9);
        assertThat(eOut / eIn).isBetween(0.5, 2.0);
    }

    @Test
    void decodesWhatAFullbandStereoPeerSends_rfc7587_3_1() {
        long enc = Opus.encoder_create(48000, 2);
        assertThat(enc).isNotZero();
        OpusCodec c = new OpusCodec(8000);
        try {
            byte[] pcm = new byte[960 * 4];
            for (int i = 0; i < 960; i++) {
                short s = (short) Math.round(8000 * Math.sin(2 * Math.PI * 1000 * i / 48000.0));
                for (int ch = 0; ch < 2; ch++) {
                    pcm[4 * i + 2 * ch] = (byte) s;
                    pcm[4 * i + 2 * ch + 1] = (byte) (s >> 8);
                }
            }
            byte[] packet = new byte[1276];
            short[] out = new short[960];
            int decoded = 0;
            for (int f = 0; f < 5; f++) {
                int len = Opus.encode(enc, pcm, 0, 960, packet, 0, packet.length);
                assertThat(len).isPositive();
                decoded = c.decode(packet, 0, len, out, 0);
                assertThat(decoded).isEqualTo(160);
            }
            assertThat(energy(out, 0, decoded) / decoded).isGreaterThan(1e6);
        } finally {
            Opus.encoder_destroy(enc);
            c.release();
        }
    }

    @Test
    void emptyOrGarbagePayloadGivesNoSamplesAndReleaseIsFinal() {
        OpusCodec c = new OpusCodec(8000);
        short[] out = new short[960];
        assertThat(c.decode(new byte[0], 0, 0, out, 0)).isZero();
        c.release();
        c.release();
        assertThatThrownBy(() -> c.encode(new short[FRAME], 0, FRAME, new byte[400], 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void registeredAfterG711AsOpus48000Stereo_rfc7587_7() {
        CodecRegistry r = CodecRegistry.standard();
        assertThat(r.entries()).extracting(CodecRegistry.Entry::name).containsExactly("PCMU", "PCMA", "opus");
        Codec c = r.create(RtpMap.parse("111 OPUS/48000/2").orElseThrow()).orElseThrow();
        try {
            assertThat(c).isInstanceOf(OpusCodec.class);
            assertThat(r.create(RtpMap.parse("111 opus/8000").orElseThrow())).isEmpty();
        } finally {
            c.release();
        }
    }

    private static double energy(short[] s, int from, int n) {
        double e = 0;
        for (int i = 0; i < n; i++) {
            e += (double) s[from + i] * s[from + i];
        }
        return e;
    }
}
