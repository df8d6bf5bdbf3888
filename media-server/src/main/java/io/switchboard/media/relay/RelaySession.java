package io.switchboard.media.relay;

import io.netty.channel.EventLoop;
import java.util.List;

/**
 * One relayed call: the caller-facing leg (whose port the answer's reply SDP carries) and the
 * callee-facing leg (whose port the offer's reply SDP carries), both on one event loop.
 * Control-side fields are written under {@link RelaySessions}' lock.
 */
public final class RelaySession {
    private final String callId;
    private final RelayLeg caller;
    private final RelayLeg callee;
    private final EventLoop loop;
    private final long createdMillis;
    private volatile long lastSignalMillis;
    private volatile String mediaType = "audio";
    private volatile String protocol = "RTP/AVP";
    // Inactivity is judged by packet counts seen on each sweep: no clock is read per packet.
    long lastSeenPackets = -1;
    long lastActivityNanos;
    private volatile Object recording;

    RelaySession(String callId, RelayLeg caller, RelayLeg callee, EventLoop loop, long nowMillis, long nowNanos) {
        this.callId = callId;
        this.caller = caller;
        this.callee = callee;
        this.loop = loop;
        this.createdMillis = nowMillis;
        this.lastSignalMillis = nowMillis;
        this.lastActivityNanos = nowNanos;
        caller.peer = callee;
        callee.peer = caller;
    }

    public String callId() {
        return callId;
    }

    public RelayLeg caller() {
        return caller;
    }

    public RelayLeg callee() {
        return callee;
    }

    public List<RelayLeg> legs() {
        return List.of(caller, callee);
    }

    /** The leg whose endpoint uses {@code tag}, or null. */
    public RelayLeg legOf(String tag) {
        if (tag == null) {
            return null;
        }
        if (tag.equals(caller.tag())) {
            return caller;
        }
        return tag.equals(callee.tag()) ? callee : null;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public long lastSignalMillis() {
        return lastSignalMillis;
    }

    public void signalled(long nowMillis) {
        lastSignalMillis = nowMillis;
    }

    public String mediaType() {
        return mediaType;
    }

    public String protocol() {
        return protocol;
    }

    public void describeMedia(String type, String proto) {
        this.mediaType = type;
        this.protocol = proto;
    }

    /** Taps (or stops tapping, with null) both legs' RTP; the tap is published to the event loop by the volatile write. */
    public void tap(MediaTap tap) {
        caller.tap = tap;
        callee.tap = tap;
    }

    public Object recording() {
        return recording;
    }

    public void recording(Object r) {
        recording = r;
    }

    public LegStats totals() {
        return caller.stats().plus(callee.stats());
    }

    long packets() {
        return caller.packets() + callee.packets();
    }

    EventLoop loop() {
        return loop;
    }
}
