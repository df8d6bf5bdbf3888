package io.switchboard.common.dtmf;

import io.netty.buffer.ByteBuf;

/**
 * Plays digits as RFC 4733 events, one packet per ptime tick (section 2.5.1): a start packet with
 * the marker bit, updates with the duration so far, then the end packet three times with the final
 * duration (section 2.5.1.4); all with the timestamp of the tick the event began. Queued digits
 * follow one another with a 60 ms pause of ordinary audio. Driven by the endpoint's clock; holds
 * its queue in a fixed array, so nothing is allocated per packet.
 */
public final class TelephoneEventSender {
    public static final int END_REPEATS = 3;
    private static final int GAP_TICKS = 3;

    private final int samplesPerTick;
    private final int[] queue = new int[32];
    private int head;
    private int size;
    private int durationMs = 100;
    private int volume = 10;

    private int event = -1;
    private int tick;
    private int ticksOn;
    private int gap;
    private long startTimestamp;

    public TelephoneEventSender(int samplesPerTick) {
        this.samplesPerTick = samplesPerTick;
    }

    /** How long each digit lasts and how loud (-dBm0). Control path. */
    public void configure(int durationMs, int volume) {
        this.durationMs = durationMs;
        this.volume = volume;
    }

    /** Queues a digit; false when the digit is not DTMF or the queue is full. Call on the endpoint's loop. */
    public boolean enqueue(char digit) {
        int e = DtmfDigit.event(digit);
        if (e < 0 || size == queue.length) {
            return false;
        }
        queue[(head + size++) % queue.length] = e;
        return true;
    }

    /** True while an event is being sent this tick (the audio stream then pauses). */
    public boolean active() {
        return event >= 0 || (size > 0 && gap == 0);
    }

    /**
     * Called once per tick when {@link #active()}: writes this tick's 4-byte payload to {@code out}
     * and returns whether the marker bit is to be set. {@code timestamp} is the tick's media timestamp.
     */
    public boolean next(ByteBuf out, long timestamp) {
        boolean first = false;
        if (event < 0) {
            event = queue[head];
            head = (head + 1) % queue.length;
            size--;
            tick = 0;
            ticksOn = Math.max(1, (durationMs * 8 + samplesPerTick - 1) / samplesPerTick);
            startTimestamp = timestamp;
            first = true;
        }
        tick++;
        boolean end = tick > ticksOn;
        int duration = Math.min(0xffff, (end ? ticksOn : tick) * samplesPerTick);
        TelephoneEvent.write(out, event, end, volume, duration);
        if (tick >= ticksOn + END_REPEATS) {
            event = -1;
            gap = GAP_TICKS;
        }
        return first;
    }

    /** The timestamp every packet of the current event carries. */
    public long eventTimestamp() {
        return startTimestamp;
    }

    /** Called on ticks when not active, to count down the pause between digits. */
    public void idleTick() {
        if (gap > 0) {
            gap--;
        }
    }
}
