package io.switchboard.common.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.common.rtp.JitterBuffer.Admission;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitterBufferTest {
    private final JitterBuffer jb = new JitterBuffer(16, 160, 160, 2, 10);
    private final byte[] out = new byte[160];

    private Admission offer(int seq) {
        ByteBuf b = Unpooled.buffer(4).writeInt(seq);
        Admission a = jb.offer(seq & 0xffff, seq * 160L, 0, b, 0, 4);
        b.release();
        return a;
    }

    /** Polls once: the sequence number carried in the payload, or MISSING / IDLE. */
    private int poll() {
        int len = jb.poll(out);
        return len < 0 ? len : ((out[0] & 0xff) << 24 | (out[1] & 0xff) << 16 | (out[2] & 0xff) << 8 | (out[3] & 0xff));
    }

    private List<Integer> pollUntilIdle(int max) {
        List<Integer> played = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            int p = poll();
            if (p == JitterBuffer.IDLE && !played.isEmpty()) {
                break;
            }
            if (p != JitterBuffer.IDLE) {
                played.add(p);
            }
        }
        return played;
    }

    @Test
    void reorderedPacketsPlayInSequenceOrder_rfc3550_5_1() {
        assertThat(offer(3)).isEqualTo(Admission.ACCEPTED);
        assertThat(offer(1)).isEqualTo(Admission.ACCEPTED);
        assertThat(offer(2)).isEqualTo(Admission.ACCEPTED);
        assertThat(pollUntilIdle(10)).containsExactly(1, 2, 3);
    }

    @Test
    void packetArrivingAfterItsPlayoutIsDroppedAsLate_rfc3550_5_1() {
        offer(10);
        offer(12);
        assertThat(poll()).isEqualTo(JitterBuffer.IDLE); // priming: target depth 2 ticks
        assertThat(poll()).isEqualTo(10);
        assertThat(poll()).isEqualTo(JitterBuffer.MISSING); // 11 not there when its turn came
        assertThat(offer(11)).isEqualTo(Admission.LATE);
        assertThat(poll()).isEqualTo(12);
        assertThat(jb.late).isEqualTo(1);
        assertThat(jb.missing).isEqualTo(1);
    }

    @Test
    void duplicatesAreDroppedAndPlayOnce_rfc3550_5_1() {
        offer(7);
        assertThat(offer(7)).isEqualTo(Admission.DUPLICATE);
        offer(8);
        assertThat(offer(8)).isEqualTo(Admission.DUPLICATE);
        assertThat(pollUntilIdle(10)).containsExactly(7, 8);
        assertThat(jb.duplicates).isEqualTo(2);
    }

    @Test
    void lateOldPacketAfterAnUnderrunDoesNotRewindPlayout_rfc3550_5_1() {
        offer(1);
        offer(2);
        assertThat(pollUntilIdle(10)).containsExactly(1, 2);
        offer(3);
        assertThat(offer(2)).isEqualTo(Admission.LATE);
        assertThat(pollUntilIdle(10)).containsExactly(3);
    }

    @Test
    void sequenceNumbersWrapAround_rfc3550_appendixA1() {
        offer(65535);
        offer(65536);
        offer(65537);
        assertThat(pollUntilIdle(10)).containsExactly(65535, 65536, 65537);
    }

    @Test
    void bigJumpIsANewStreamNotThousandsOfLosses_rfc3550_appendixA1() {
        offer(100);
        offer(101);
        pollUntilIdle(10);
        assertThat(offer(40000)).isEqualTo(Admission.RESYNC);
        offer(40001);
        assertThat(pollUntilIdle(10)).containsExactly(40000, 40001);
    }

    @Test
    void targetDepthFollowsJitterWithinBounds_rfc3550_appendixA8() {
        jb.retarget(0);
        assertThat(jb.target()).isEqualTo(2);
        jb.retarget(320); // 40 ms of jitter: 1 + 3 x 2 frames
        assertThat(jb.target()).isEqualTo(7);
        jb.retarget(100_000);
        assertThat(jb.target()).isEqualTo(10);
    }

    @Test
    void queueBuiltUpAfterAStallIsDrainedBySkipping_rfc3550_appendixA8() {
        offer(0);
        offer(1);
        pollUntilIdle(2);
        for (int s = 2; s < 12; s++) {
            offer(s);
        }
        int before = jb.buffered();
        poll();
        poll();
        assertThat(jb.skipped).isGreaterThan(0);
        assertThat(jb.buffered()).isLessThan(before - 2);
    }
}
