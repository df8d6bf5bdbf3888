package io.switchboard.common.codec;

import java.lang.ref.Cleaner;
import java.nio.ByteOrder;
import org.jitsi.impl.neomedia.codec.audio.opus.Opus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opus (RFC 6716) over RTP as RFC 7587 has it: rtpmap {@code opus/48000/2}, RTP clock 48000 whatever
 * is carried, so the timestamp advances 960 per 20 ms. The PCM side runs at 8 kHz mono like every
 * other codec here (prompts, tone detection, mixing): the encoder takes 160-sample frames, the
 * decoder gives 8 kHz whatever the peer's bandwidth (Opus decodes any packet at any supported rate,
 * RFC 7587 section 3.1), so {@code maxplaybackrate}/{@code sprop-maxcapturerate} say 8000.
 * A peer's {@code useinbandfec}, {@code maxplaybackrate}, {@code stereo}, {@code cbr} and the like are
 * hints to us as sender (section 6.1): accepted and ignored; we send mono narrowband, no FEC, no DTX.
 *
 * <p>Stateful: one instance per stream, used on one thread (the endpoint's loop). Native encoder and
 * decoder come from libjitsi's JNI binding ({@code libjnopus} from its jar); they are freed by
 * {@link #release()} or, failing that, when the instance is collected. The JNI calls take byte arrays,
 * so PCM goes through one reused little/native-endian buffer: nothing is allocated per frame.
 */
public final class Opus8k implements Codec {
    private static final Logger LOG = LoggerFactory.getLogger(Opus8k.class);
    public static final String NAME = "opus";
    public static final int RTP_CLOCK = 48000;
    public static final int PCM_RATE = 8000;
    /** What we tell the peer: we play and capture 8 kHz, so it need not send wider than narrowband. */
    public static final String FMTP = "maxplaybackrate=8000;sprop-maxcapturerate=8000";
    public static final CodecRegistry.Entry ENTRY = new CodecRegistry.Entry(NAME, RTP_CLOCK, 2, -1, FMTP, Opus8k::new);
    /** The largest Opus packet (RFC 6716 section 3.4, libopus's 1276 per frame). */
    private static final int MAX_PACKET = 1276;
    /** Up to 120 ms per packet (RFC 6716 section 3.1): 960 samples at 8 kHz. */
    private static final int MAX_DECODED = PCM_RATE * 120 / 1000;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final Cleaner CLEANER = Cleaner.create();

    /** The native handles, apart from the codec so the cleaner does not keep the codec reachable. */
    private static final class Native implements Runnable {
        long encoder;
        long decoder;

        @Override
        public void run() {
            if (encoder != 0) {
                Opus.encoder_destroy(encoder);
                encoder = 0;
            }
            if (decoder != 0) {
                Opus.decoder_destroy(decoder);
                decoder = 0;
            }
        }
    }

    private static final class Availability {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            try {
                Opus.assertOpusIsFunctional();
                long e = Opus.encoder_create(PCM_RATE, 1);
                if (e == 0) {
                    throw new IllegalStateException("opus_encoder_create(8000, 1) failed");
                }
                Opus.encoder_destroy(e);
                LOG.info("Opus codec available (libjitsi JNI, libjnopus)");
                return true;
            } catch (LinkageError | RuntimeException e) {
                LOG.warn("Opus codec unavailable, offering G.711 only: {}", e.toString());
                return false;
            }
        }
    }

    private final Native handles = new Native();
    private final Cleaner.Cleanable cleanable;
    private byte[] pcmBytes = new byte[2 * MAX_DECODED];

    /** Encode or decode calls that the library refused (negative return), for metrics. */
    public long errors;

    /** True once libjitsi's Opus class and its native library have loaded and made an encoder; probed once. */
    public static boolean available() {
        return Availability.AVAILABLE;
    }

    /** A new encoder/decoder pair; check {@link #available()} first (this throws a LinkageError otherwise). */
    public Opus8k() {
        handles.encoder = Opus.encoder_create(PCM_RATE, 1);
        handles.decoder = Opus.decoder_create(PCM_RATE, 1);
        cleanable = CLEANER.register(this, handles);
        if (handles.encoder == 0 || handles.decoder == 0) {
            cleanable.clean();
            throw new IllegalStateException("Opus encoder/decoder creation failed");
        }
        Opus.encoder_set_max_bandwidth(handles.encoder, Opus.BANDWIDTH_NARROWBAND);
        Opus.encoder_set_force_channels(handles.encoder, 1);
        Opus.encoder_set_inband_fec(handles.encoder, 0);
        Opus.encoder_set_dtx(handles.encoder, 0);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The PCM rate: 8 kHz. The RTP clock is {@link #rtpClockRate()}. */
    @Override
    public int clockRate() {
        return PCM_RATE;
    }

    @Override
    public int rtpClockRate() {
        return RTP_CLOCK;
    }

    @Override
    public int channels() {
        return 2;
    }

    @Override
    public String fmtp() {
        return FMTP;
    }

    @Override
    public int staticPayloadType() {
        return -1;
    }

    @Override
    public int encode(short[] pcm, int pcmOff, int samples, byte[] out, int outOff) {
        long enc = handles.encoder;
        if (enc == 0) {
            throw new IllegalStateException("Opus codec released");
        }
        byte[] b = bytes(samples);
        for (int i = 0, j = 0; i < samples; i++, j += 2) {
            short s = pcm[pcmOff + i];
            b[j + (LITTLE_ENDIAN ? 0 : 1)] = (byte) s;
            b[j + (LITTLE_ENDIAN ? 1 : 0)] = (byte) (s >> 8);
        }
        int room = Math.min(out.length - outOff, MAX_PACKET);
        int n = Opus.encode(enc, b, 0, samples, out, outOff, room);
        if (n < 0) {
            errors++;
            return 0;
        }
        return n;
    }

    /** Decodes one packet to 8 kHz; an empty or undecodable packet gives no samples. */
    @Override
    public int decode(byte[] payload, int off, int len, short[] pcm, int pcmOff) {
        long dec = handles.decoder;
        if (dec == 0) {
            throw new IllegalStateException("Opus codec released");
        }
        if (len <= 0) {
            return 0;
        }
        int room = Math.min(MAX_DECODED, pcm.length - pcmOff);
        byte[] b = pcmBytes;
        int n = Opus.decode(dec, payload, off, len, b, 0, room, 0);
        if (n < 0) {
            errors++;
            return 0;
        }
        for (int i = 0, j = 0; i < n; i++, j += 2) {
            int lo = b[j + (LITTLE_ENDIAN ? 0 : 1)] & 0xff;
            int hi = b[j + (LITTLE_ENDIAN ? 1 : 0)];
            pcm[pcmOff + i] = (short) ((hi << 8) | lo);
        }
        return n;
    }

    /**
     * Room for one received or sent packet of {@code samples} 8 kHz samples: two bytes a sample
     * (128 kbit/s at 20 ms, far above what a voice call sends; we send ~12 kbit/s), at most 1276 per 20 ms.
     */
    @Override
    public int maxPayloadBytes(int samples) {
        int frames = Math.max(1, (samples + 159) / 160);
        return Math.min(frames * MAX_PACKET, Math.max(2 * samples, 64));
    }

    @Override
    public void release() {
        cleanable.clean();
    }

    private byte[] bytes(int samples) {
        if (pcmBytes.length < 2 * samples) {
            pcmBytes = new byte[2 * samples];
        }
        return pcmBytes;
    }
}
