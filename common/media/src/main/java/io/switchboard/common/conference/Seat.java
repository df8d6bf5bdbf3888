package io.switchboard.common.conference;

import io.netty.buffer.ByteBuf;
import io.switchboard.common.codec.Codec;
import io.switchboard.common.rtp.AudioSink;
import io.switchboard.common.rtp.FrameSource;

/**
 * One participant's place in a {@link Conference}: the endpoint's {@link AudioSink} (its decoded
 * frame each tick, measured for voice) and its {@link FrameSource} (what it hears). Lives on the
 * conference's loop; {@link #talking()} and {@link #muted()} may be read from anywhere.
 */
public final class Seat implements AudioSink, FrameSource {
    /** Mean absolute amplitude above which a frame counts as voice (about -44 dBov). */
    static final int VOICE_THRESHOLD = 200;
    /** Frames a talker stays active after its last voiced frame (300 ms): no clipping between words. */
    static final int HANGOVER_FRAMES = 15;

    private final Conference conference;
    private final String id;
    /** Null for a participant of this node; else the peer node whose talker this is (a cascade trunk). */
    final String peer;
    /** This tick's voice at 8 kHz: what narrowband mixes, trunks and the recording use. */
    final short[] in = new short[Conference.FRAME];
    /** This tick's voice at 16 kHz: a wideband seat's own frame, or {@link #in} upsampled for a wideband mix. */
    private short[] wide;
    /** The last frame came at 16 kHz (a wideband codec). */
    boolean wideband;
    private io.switchboard.common.dsp.HalfBand down;
    private io.switchboard.common.dsp.HalfBand up;
    private long upsampled = -1;
    /** Smoothed mean absolute amplitude of recent frames. */
    int level;
    private int hangover;
    volatile boolean talking;
    private volatile boolean muted;
    boolean selected;
    boolean removed;

    Seat(Conference conference, String id, String peer) {
        this.conference = conference;
        this.id = id;
        this.peer = peer;
    }

    public String id() {
        return id;
    }

    /** The peer node this seat's voice comes from (a cascade trunk), or null for a participant here. */
    public String peer() {
        return peer;
    }

    /** Among the talkers mixed in the last tick. */
    public boolean talking() {
        return talking;
    }

    public boolean muted() {
        return muted;
    }

    /** A muted seat still hears the room; its voice is left out of every mix. Any thread. */
    public void mute(boolean on) {
        muted = on;
    }

    /** Voice detected within the hangover: a candidate talker. */
    boolean voiceActive() {
        return hangover > 0 && !muted;
    }

    @Override
    public void frame(short[] pcm, int samples) {
        if (samples == Conference.WIDE) {
            if (wide == null) {
                wide = new short[Conference.WIDE]; // once, at the first wideband frame
                down = new io.switchboard.common.dsp.HalfBand();
            }
            wideband = true;
            System.arraycopy(pcm, 0, wide, 0, Conference.WIDE);
            down.decimate(wide, Conference.WIDE, in);
        } else {
            wideband = false;
            int n = Math.min(samples, Conference.FRAME);
            System.arraycopy(pcm, 0, in, 0, n);
            java.util.Arrays.fill(in, n, Conference.FRAME, (short) 0);
        }
        long abs = 0;
        for (int i = 0; i < Conference.FRAME; i++) {
            short v = in[i];
            abs += v < 0 ? -v : v;
        }
        int mean = (int) (abs / Conference.FRAME);
        level = (level * 3 + mean) / 4;
        if (mean >= VOICE_THRESHOLD) {
            hangover = HANGOVER_FRAMES;
        } else if (hangover > 0) {
            hangover--;
        }
        conference.received();
    }

    /** This tick's voice at 16 kHz for a wideband mix: upsampled once per tick for a narrowband seat. On the loop. */
    short[] wide(long generation) {
        if (wideband) {
            return wide;
        }
        if (wide == null || up == null) {
            wide = wide == null ? new short[Conference.WIDE] : wide;
            up = new io.switchboard.common.dsp.HalfBand(); // once, the first time it talks in a wideband mix
        }
        if (upsampled != generation) {
            up.interpolate(in, Conference.FRAME, wide);
            upsampled = generation;
        }
        return wide;
    }

    /** A listener gets no packets while nobody talks (silence suppression), not a stream of silence frames. */
    @Override
    public boolean suppressesSilence() {
        return true;
    }

    @Override
    public boolean next(Codec codec, int samples, ByteBuf out) {
        return conference.frameFor(this, codec, samples, out);
    }
}
