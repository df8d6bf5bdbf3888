package io.switchboard.signaling.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's history: an hour of 10 s points, bounded, oldest first. */
class StatsHistoryTest {
    @Test
    void keepsTheLastHourOfPointsOldestFirstAndDropsTheOldest() {
        StatsHistory h = new StatsHistory();
        for (int i = 0; i < StatsHistory.MAX_POINTS + 5; i++) {
            h.record(new StatsHistory.Point(i * 10_000L, i, i / 2, Map.of("media-1", i)));
        }
        assertThat(h.points()).hasSize(StatsHistory.MAX_POINTS);
        assertThat(h.points().get(0).t()).isEqualTo(5 * 10_000L);
        assertThat(h.points().get(StatsHistory.MAX_POINTS - 1).registrations()).isEqualTo(StatsHistory.MAX_POINTS + 4);
        assertThat(StatsHistory.MAX_POINTS * StatsHistory.INTERVAL_SECONDS).as("one hour").isEqualTo(3600);
    }
}
