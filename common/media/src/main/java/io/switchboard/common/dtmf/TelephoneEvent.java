package io.switchboard.common.dtmf;

import io.netty.buffer.ByteBuf;

/**
 * The RFC 4733 section 2.3 payload, read and written in place:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     event     |E|R| volume    |          duration             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * E marks the end of the event, volume is -dBm0 (0-63), duration is in timestamp units from the
 * event's start (the RTP timestamp, which stays the same for every packet of one event).
 */
public final class TelephoneEvent {
    public static final int LENGTH = 4;

    private TelephoneEvent() {
    }

    public static int event(ByteBuf b, int off) {
        return b.getUnsignedByte(off);
    }

    public static boolean end(ByteBuf b, int off) {
        return (b.getUnsignedByte(off + 1) & 0x80) != 0;
    }

    public static int volume(ByteBuf b, int off) {
        return b.getUnsignedByte(off + 1) & 0x3f;
    }

    public static int duration(ByteBuf b, int off) {
        return b.getUnsignedShort(off + 2);
    }

    public static void write(ByteBuf b, int event, boolean end, int volume, int duration) {
        b.writeByte(event);
        b.writeByte((end ? 0x80 : 0) | (volume & 0x3f));
        b.writeShort(duration);
    }
}
