package io.switchboard.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pacing of a REFER's NOTIFYs (RFC 3515 §2.4.4): never before the 202, always in order. */
class TransferNotifierTest {
    private final TransferNotifier notifier = new TransferNotifier(null);

    @Test
    void theFirstNotifyWaitsFor20msAfterThe202_rfc3515_2_4_4() {
        long now = 1_000_000_000L;
        assertThat(notifier.dueAt(now)).isEqualTo(now + TransferNotifier.FIRST_AFTER_NANOS);
    }

    @Test
    void notifiesQueuedTogetherLeaveAtLeast5msApartInOrder_rfc3515_2_4_4() {
        long now = 1_000_000_000L;
        long first = notifier.dueAt(now);
        long second = notifier.dueAt(now);
        long third = notifier.dueAt(now + 1_000_000L);
        assertThat(second - first).isEqualTo(TransferNotifier.SPACING_NANOS);
        assertThat(third - second).isEqualTo(TransferNotifier.SPACING_NANOS);
    }

    @Test
    void aNotifyLongAfterTheLastIsOnlyDelayedBy20ms() {
        long now = 1_000_000_000L;
        notifier.dueAt(now);
        long later = now + 2_000_000_000L;
        assertThat(notifier.dueAt(later)).isEqualTo(later + TransferNotifier.FIRST_AFTER_NANOS);
    }
}
