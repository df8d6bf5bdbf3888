package io.switchboard.common.rtp;

import io.netty.buffer.ByteBuf;

/**
 * What we know of the stream we receive, kept as RFC 3550 appendix A says: extended highest
 * sequence (A.1), expected and lost (A.3), interarrival jitter (A.8), and the last SR heard (LSR
 * and DLSR, section 6.4.1). Plain fields, touched only on the endpoint's event loop.
 */
public final class ReceptionStats {
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;

    private long sourceSsrc;
    private long received;
    private int baseSeq;
    private int maxSeq;
    private long cycles;
    private int badSeq = -1;
    private long expectedPrior;
    private long receivedPrior;
    /** Jitter in timestamp units, times 16 (the A.8 integer form). */
    private long jitter16;
    private long lastTransit;
    private boolean haveTransit;
    private long lastSrMiddle;
    private long lastSrArrivalMillis;

    /**
     * Counts one RTP packet. {@code arrivalUnits} is the arrival time in the stream's clock units;
     * returns false for a packet so far out of sequence that it looks like a restart (A.1).
     */
    public boolean received(long ssrc, int seq, long rtpTimestamp, long arrivalUnits) {
        if (received == 0 || ssrc != sourceSsrc) {
            sourceSsrc = ssrc;
            baseSeq = seq;
            maxSeq = seq;
            cycles = 0;
            received = 0;
            expectedPrior = 0;
            receivedPrior = 0;
            haveTransit = false;
        } else {
            int delta = (seq - maxSeq) & 0xffff;
            if (delta < MAX_DROPOUT) {
                if (seq < maxSeq) {
                    cycles += 65536;
                }
                maxSeq = seq;
            } else if (delta <= 65536 - MAX_MISORDER) {
                // A.1: a big jump is believed once the next packet follows it (the sender restarted).
                if (seq != badSeq) {
                    badSeq = (seq + 1) & 0xffff;
                    return false;
                }
                baseSeq = seq;
                maxSeq = seq;
                cycles = 0;
                received = 0;
                expectedPrior = 0;
                receivedPrior = 0;
            }
        }
        received++;
        long transit = arrivalUnits - rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            jitter16 += d - ((jitter16 + 8) >> 4);
        }
        lastTransit = transit;
        haveTransit = true;
        return true;
    }

    /** Notes an SR from the remote sender, for LSR/DLSR in our next report block. */
    public void senderReport(long ntp, long arrivalMillis) {
        lastSrMiddle = NtpTime.middle32(ntp);
        lastSrArrivalMillis = arrivalMillis;
    }

    public long received() {
        return received;
    }

    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    public long expected() {
        return received == 0 ? 0 : extendedHighestSequence() - baseSeq + 1;
    }

    public long lost() {
        return expected() - received;
    }

    /** Interarrival jitter in timestamp units. */
    public long jitter() {
        return jitter16 >> 4;
    }

    /** Writes one report block (RFC 3550 section 6.4.1) and starts the next loss interval. */
    void writeReportBlock(ByteBuf b, long nowMillis) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long lost = Math.max(-0x800000L, Math.min(0x7fffffL, lost()));
        b.writeInt((int) sourceSsrc);
        b.writeInt(((fraction & 0xff) << 24) | (int) (lost & 0xffffff));
        b.writeInt((int) extendedHighestSequence());
        b.writeInt((int) jitter());
        b.writeInt((int) lastSrMiddle);
        // DLSR is in units of 1/65536 s.
        long dlsr = lastSrMiddle == 0 ? 0 : ((nowMillis - lastSrArrivalMillis) << 16) / 1000;
        b.writeInt((int) dlsr);
    }
}
