package io.switchboard.common.worker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.common.dtmf.DigitListener;
import io.switchboard.common.dtmf.DigitSource;
import io.switchboard.common.prompt.Prompt;
import io.switchboard.common.rtp.FrameSource;
import io.switchboard.common.rtp.NegotiatedMedia;

/** A call's media without sockets: records what the call asked and lets the test play the endpoint's part. */
final class FakeMedia implements CallMedia {
    private final int port;
    NegotiatedMedia started;
    DigitListener digits;
    FrameSource playing;
    int stops;
    boolean closed;

    FakeMedia(int port) {
        this.port = port;
    }

    @Override
    public int localPort() {
        return port;
    }

    @Override
    public void start(NegotiatedMedia media, DigitListener digits) {
        this.started = media;
        this.digits = digits;
    }

    @Override
    public void play(FrameSource frames) {
        playing = frames;
    }

    @Override
    public void stopPlayback() {
        playing = null;
        stops++;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** What the endpoint's event loop does when a key arrives by RFC 4733. */
    void pressKey(char key) {
        digits.digit(key, DigitSource.RFC4733);
    }

    /** Pulls frames as the media clock would, until the prompt is done; returns how many were sent. */
    int playToTheEnd() {
        ByteBuf out = Unpooled.buffer(1024);
        int frames = 0;
        try {
            while (playing.next(started.codec(), Prompt.FRAME_SAMPLES, out.clear())) {
                frames++;
            }
        } finally {
            out.release();
        }
        return frames;
    }
}
