package io.switchboard.common.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceptionStatsTest {
    @Test
    void lossAndWrapAreCountedOnTheExtendedSequence_rfc3550_appendixA1_A3() {
        ReceptionStats rx = new ReceptionStats();
        for (int seq : new int[] {65534, 65535, 1, 2}) {
            assertThat(rx.received(9, seq, seq * 160L, seq * 160L)).isTrue();
        }
        assertThat(rx.extendedHighestSequence()).isEqualTo(65536 + 2);
        assertThat(rx.expected()).isEqualTo(5);
        assertThat(rx.lost()).isEqualTo(1);
    }

    @Test
    void bigJumpIsBelievedOnlyWhenTheNextPacketFollowsIt_rfc3550_appendixA1() {
        ReceptionStats rx = new ReceptionStats();
        rx.received(9, 100, 0, 0);
        rx.received(9, 101, 160, 160);
        assertThat(rx.received(9, 30000, 320, 320)).isFalse();
        assertThat(rx.received(9, 30001, 480, 480)).isTrue();
        assertThat(rx.received(9, 30002, 640, 640)).isTrue();
        assertThat(rx.expected()).isEqualTo(2);
        assertThat(rx.lost()).isZero();
    }

    @Test
    void jitterFollowsTransitTimeVariation_rfc3550_appendixA8() {
        ReceptionStats rx = new ReceptionStats();
        for (int i = 0; i < 200; i++) {
            long arrival = i * 160L + (i % 2 == 0 ? 0 : 80); // every other packet 10 ms late
            rx.received(9, i, i * 160L, arrival);
        }
        assertThat(rx.jitter()).isBetween(70L, 80L);
    }
}
