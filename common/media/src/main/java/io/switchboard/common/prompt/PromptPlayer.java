package io.switchboard.common.prompt;

import io.netty.buffer.ByteBuf;
import io.switchboard.common.codec.Codec;
import io.switchboard.common.rtp.FrameSource;
import java.util.List;

/**
 * Plays prompts one after another into an endpoint, copying frames encoded once per codec, then
 * runs {@code whenDone} once (on the endpoint's loop: hand work off from there). One player per
 * playback; give a new one to {@code RtpEndpoint.play} to play something else (barge-in is
 * {@code stopPlayback()}, after which {@code whenDone} does not run).
 */
public final class PromptPlayer implements FrameSource {
    private final Prompt[] prompts;
    private final Runnable whenDone;
    private Codec codec;
    private byte[][] frames;
    private int prompt;
    private int frame;
    private boolean done;

    public PromptPlayer(List<Prompt> prompts, Runnable whenDone) {
        this.prompts = prompts.toArray(new Prompt[0]);
        this.whenDone = whenDone == null ? () -> { } : whenDone;
    }

    public static PromptPlayer of(Prompt prompt) {
        return new PromptPlayer(List.of(prompt), null);
    }

    @Override
    public boolean next(Codec c, int samples, ByteBuf out) {
        if (done || samples != c.clockRate() / 50) {
            return false; // not a 20 ms frame: the prompts have none to give
        }
        if (c != codec) {
            codec = c;
            frames = prompt < prompts.length ? prompts[prompt].frames(c) : null;
        }
        while (frames != null && frame >= frames.length) {
            prompt++;
            frame = 0;
            frames = prompt < prompts.length ? prompts[prompt].frames(c) : null;
        }
        if (frames == null) {
            done = true;
            whenDone.run();
            return false;
        }
        out.writeBytes(frames[frame++]);
        return true;
    }

    public boolean done() {
        return done;
    }
}
