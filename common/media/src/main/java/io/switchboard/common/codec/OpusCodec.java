package io.switchboard.common.codec;

import java.lang.ref.Cleaner;
import java.nio.ByteOrder;
import org.jitsi.impl.neomedia.codec.audio.opus.Opus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opus (RFC 6716) over RTP as RFC 7587 has it: rtpmap {@code opus/48000/2}, RTP clock 48000 whatever
 * is carried, so the timestamp advances 960 per 20 ms. The PCM side runs at 8 kHz ({@link #NARROWBAND},
 * like every other codec here: prompts, tone detection) or 16 kHz ({@link #WIDEBAND}, for a conference
 * that mixes wideband): the encoder takes 20 ms frames at that rate, the decoder gives that rate
 * whatever the peer's bandwidth (Opus decodes any packet at any supported rate, RFC 7587 section 3.1),
 * and {@code maxplaybackrate}/{@code sprop-maxcapturerate} say so.
 * A peer's {@code useinbandfec}, {@code maxplaybackrate}, {@code stereo}, {@code cbr} and the like are
 * hints to us as sender (section 6.1): accepted and ignored; we send mono narrowband, no FEC, no DTX.
 *
 * <p>Stateful: one instance per stream, used on one thread (the endpoint's loop). Native encoder and
 * decoder come from libjitsi's JNI binding ({@code libjnopus} from its jar); they are freed by
 * {@link #release()} or, failing that, when the instance is collected. The JNI calls take byte arrays,
 * so PCM goes through one reused little/native-endian buffer: nothing is allocated per frame.
 */
public final class OpusCodec implements Codec {
    private static final Logger LOG = LoggerFactory.getLogger(OpusCodec.class);
    public static final String NAME = "opus";
    public static final int RTP_CLOCK = 48000;
    /** Narrowband: 8 kHz PCM; we tell the peer we play and capture 8 kHz, so it need not send wider. */
    public static final CodecRegistry.Entry NARROWBAND = new CodecRegistry.Entry(NAME, RTP_CLOCK, 2, -1,
            fmtp(8000), () -> new OpusCodec(8000));
    /** Wideband: 16 kHz PCM, for a conference mixing at 16 kHz. */
    public static final CodecRegistry.Entry WIDEBAND = new CodecRegistry.Entry(NAME, RTP_CLOCK, 2, -1,
            fmtp(16000), () -> new OpusCodec(16000));
    /** The largest Opus packet (RFC 6716 section 3.4, libopus's 1276 per frame). */
    private static final int MAX_PACKET = 1276;
    /** Up to 120 ms per packet (RFC 6716 section 3.1): 1,920 samples at 16 kHz. */
    private static final int MAX_DECODED = 16000 * 120 / 1000;
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
                long e = Opus.encoder_create(8000, 1);
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

    private final int pcmRate;

    private static String fmtp(int rate) {
        return "maxplaybackrate=" + rate + ";sprop-maxcapturerate=" + rate;
    }

    /**
     * A new encoder/decoder pair at {@code pcmRate} (8000 or 16000); check {@link #available()} first
     * (this throws a LinkageError otherwise).
     */
    public OpusCodec(int pcmRate) {
        if (pcmRate != 8000 && pcmRate != 16000) {
            throw new IllegalArgumentException("Opus PCM rate 8000 or 16000, got " + pcmRate);
        }
        this.pcmRate = pcmRate;
        handles.encoder = Opus.encoder_create(pcmRate, 1);
        handles.decoder = Opus.decoder_create(pcmRate, 1);
        cleanable = CLEANER.register(this, handles);
        if (handles.encoder == 0 || handles.decoder == 0) {
            cleanable.clean();
            throw new IllegalStateException("Opus encoder/decoder creation failed");
        }
        Opus.encoder_set_max_bandwidth(handles.encoder, pcmRate == 8000 ? Opus.BANDWIDTH_NARROWBAND : Opus.BANDWIDTH_WIDEBAND);
        Opus.encoder_set_force_channels(handles.encoder, 1);
        Opus.encoder_set_inband_fec(handles.encoder, 0);
        Opus.encoder_set_dtx(handles.encoder, 0);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The PCM rate: 8 or 16 kHz. The RTP clock is {@link #rtpClockRate()}. */
    @Override
    public int clockRate() {
        return pcmRate;
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
        return fmtp(pcmRate);
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

    /** Decodes one packet at the PCM rate; an empty or undecodable packet gives no samples. */
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
     * Room for one received or sent packet of {@code samples} samples: two bytes a sample (128 kbit/s
     * at 20 ms of 8 kHz, far above what a voice call sends; we send ~12-20 kbit/s), at most 1276 per 20 ms.
     */
    @Override
    public int maxPayloadBytes(int samples) {
        int perFrame = pcmRate / 50;
        int frames = Math.max(1, (samples + perFrame - 1) / perFrame);
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
