package io.switchboard.common.worker;

import io.switchboard.common.dtmf.DigitListener;
import io.switchboard.common.rtp.FrameSource;
import io.switchboard.common.rtp.NegotiatedMedia;

/**
 * One call's RTP stream as an answered call uses it: an {@link io.switchboard.common.rtp.RtpEndpoint}
 * in production ({@link MediaPorts#of}), a plain object in tests. Control path only: the per-packet
 * work stays inside the endpoint.
 */
public interface CallMedia {

    /** The even RTP port we put in our SDP answer. */
    int localPort();

    /** Starts sending and receiving as negotiated; digits are reported on a media event loop. */
    void start(NegotiatedMedia media, DigitListener digits);

    /** Sends {@code frames} from now on, replacing what was playing. */
    void play(FrameSource frames);

    void stopPlayback();

    /** Where received audio goes, one decoded frame per 20 ms on {@link #loop()}; null for nowhere (no decoding). */
    default void receiveAudio(io.switchboard.common.rtp.AudioSink sink) {
    }

    /** The thread that receives and sends this stream: a conference adds its participants there. */
    default java.util.concurrent.Executor loop() {
        return Runnable::run;
    }

    /** The negotiated codec's name, empty before {@link #start}. */
    default String codecName() {
        return "";
    }

    /** Releases the ports; idempotent. */
    void close();
}
