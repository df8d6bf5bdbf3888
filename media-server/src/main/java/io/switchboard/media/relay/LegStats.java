package io.switchboard.media.relay;

/** A snapshot of one leg's counters: what arrived from its endpoint. */
public record LegStats(long rtpPackets, long rtpBytes, long rtcpPackets, long rtcpBytes, long drops, long errors,
                       long sequenceGaps) {
    public static final LegStats ZERO = new LegStats(0, 0, 0, 0, 0, 0, 0);

    public LegStats plus(LegStats o) {
        return new LegStats(rtpPackets + o.rtpPackets, rtpBytes + o.rtpBytes, rtcpPackets + o.rtcpPackets,
                rtcpBytes + o.rtcpBytes, drops + o.drops, errors + o.errors, sequenceGaps + o.sequenceGaps);
    }
}
