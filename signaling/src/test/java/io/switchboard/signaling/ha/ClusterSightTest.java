package io.switchboard.signaling.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which side of a partitioned pair steps down: the one left alone after seeing its peer and workers. */
class ClusterSightTest {
    private final ClusterSight sight = new ClusterSight(Duration.ofSeconds(30));

    @Test
    void aMemberAloneFromItsStartIsFit() {
        assertThat(sight.see(0, 0, 0)).isTrue();
        assertThat(sight.why()).startsWith("alone in the cluster since its start");
    }

    @Test
    void theSideLeftAloneByAPartitionStepsDownAndStaysDownUntilItSeesAMemberAgain() {
        sight.see(1, 2, 0);
        assertThat(sight.fit()).isTrue();
        assertThat(sight.why()).isEqualTo("sees 1 signaling peer and 2 workers");

        assertThat(sight.see(0, 0, 5_000)).isFalse();
        assertThat(sight.why()).contains("cut-off side of a partition");
        // However long the partition lasts.
        assertThat(sight.see(0, 0, 600_000)).isFalse();

        assertThat(sight.see(1, 2, 601_000)).as("healed: merged back").isTrue();
    }

    @Test
    void theSideThatKeepsTheWorkersStaysFit() {
        sight.see(1, 1, 0);
        assertThat(sight.see(0, 1, 5_000)).isTrue();
        assertThat(sight.why()).isEqualTo("sees 0 signaling peers and 1 worker");
    }

    @Test
    void withoutWorkersThereIsNoArbiterSoAMemberAloneStaysFit() {
        sight.see(1, 0, 0);
        assertThat(sight.see(0, 0, 5_000)).isTrue();
        assertThat(sight.why()).contains("saw no worker before");
    }

    @Test
    void aSurvivorWhosePeerDiedLongBeforeItsLastWorkerStaysFit() {
        sight.see(1, 1, 0);
        sight.see(0, 1, 1_000); // the peer was killed
        assertThat(sight.see(0, 0, 120_000)).as("the last worker crashed two minutes later: no rival").isTrue();
        assertThat(sight.why()).contains("its peer was gone before its workers");
    }

    @Test
    void aPeerLostJustBeforeTheWorkersStillCountsAsARival() {
        sight.see(1, 1, 0);
        sight.see(0, 1, 4_000); // the views of a cut-off member may shrink in two steps
        assertThat(sight.see(0, 0, 6_000)).isFalse();
    }

    @Test
    void negativeCountsAreRefused() {
        assertThatThrownBy(() -> sight.see(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
