package io.switchboard.common.dtmf;

import io.netty.buffer.ByteBuf;

/**
 * Turns received RFC 4733 packets into one digit per key press. Every packet of one event carries
 * the same RTP timestamp (section 2.3.1): the start packet, the updates, and the end packet sent
 * three times (section 2.5.1.4). So an event is reported the first time its timestamp is seen, from
 * whichever packet arrives first (the start may be lost), and every later packet with that timestamp
 * (updates, end repeats, network duplicates, late reordered ones) is absorbed by a ring of the last
 * timestamps reported. A payload packing several events (section 2.5.1.5) is read block by block,
 * each event starting where the previous one's duration ends. An event longer than the 16-bit
 * duration field continues under a new timestamp (section 2.5.2.3) and is not reported again.
 * Nothing allocated; used on the endpoint's event loop only.
 */
public final class TelephoneEventReceiver {
    private static final int REMEMBERED = 8;
    private static final int MAX_DURATION = 0xffff;

    private final DigitListener listener;
    private final long[] reported = new long[REMEMBERED];
    private int next;
    private int remembered;
    private long lastStart = -1;
    private int lastEvent = -1;
    private boolean lastEnded = true;

    public long packets;
    public long digits;
    public long malformed;

    public TelephoneEventReceiver(DigitListener listener) {
        this.listener = listener;
    }

    /** One telephone-event payload: {@code len} bytes at {@code off}, RTP timestamp {@code timestamp}. */
    public void receive(ByteBuf b, int off, int len, long timestamp) {
        packets++;
        if (len < TelephoneEvent.LENGTH || len % TelephoneEvent.LENGTH != 0) {
            malformed++;
            return;
        }
        long start = timestamp;
        for (int at = off; at < off + len; at += TelephoneEvent.LENGTH) {
            int event = TelephoneEvent.event(b, at);
            boolean end = TelephoneEvent.end(b, at);
            event(event, end, start & 0xffff_ffffL);
            start += TelephoneEvent.duration(b, at);
        }
    }

    private void event(int event, boolean end, long start) {
        if (seen(start)) {
            if (start == lastStart) {
                lastEnded |= end;
            }
            return;
        }
        boolean continuation = !lastEnded && event == lastEvent && ((start - lastStart) & 0xffff_ffffL) == MAX_DURATION;
        remember(start);
        lastStart = start;
        lastEvent = event;
        lastEnded = end;
        char digit = DtmfDigit.ofEvent(event);
        if (!continuation && digit != 0) {
            digits++;
            listener.digit(digit, DigitSource.RFC4733);
        }
    }

    private boolean seen(long start) {
        for (int i = 0; i < remembered; i++) {
            if (reported[i] == start) {
                return true;
            }
        }
        return false;
    }

    private void remember(long start) {
        reported[next] = start;
        next = (next + 1) % REMEMBERED;
        remembered = Math.min(REMEMBERED, remembered + 1);
    }
}
