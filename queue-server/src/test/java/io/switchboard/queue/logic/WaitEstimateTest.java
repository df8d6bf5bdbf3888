package io.switchboard.queue.logic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WaitEstimateTest {

    @Test
    void noEstimateBeforeAnyCallWasAnswered() {
        WaitEstimate estimate = new WaitEstimate();

        assertThat(estimate.estimateSeconds(1, 3)).isEmpty();
        assertThat(estimate.announcement(4, 3)).containsExactly("queue-you-are-caller", "number-4");
    }

    @Test
    void averageAnswerWaitIsTheEstimateUntilACallHasEnded() {
        WaitEstimate estimate = new WaitEstimate();
        estimate.answered(30_000);
        estimate.answered(60_500);

        assertThat(estimate.estimateSeconds(1, 2)).hasValue(46); // 45.25 s, rounded up
        assertThat(estimate.estimateSeconds(7, 2)).hasValue(46);
    }

    @Test
    void estimateGrowsWithPositionAndShrinksWithAgents() {
        WaitEstimate estimate = new WaitEstimate();
        estimate.answered(5_000);
        estimate.handled(100_000);
        estimate.handled(140_000); // 120 s on average

        assertThat(estimate.estimateSeconds(1, 1)).hasValue(120);
        assertThat(estimate.estimateSeconds(3, 1)).hasValue(360);
        assertThat(estimate.estimateSeconds(3, 2)).hasValue(180);
        assertThat(estimate.estimateSeconds(1, 4)).hasValue(30);
    }

    @Test
    void noEstimateWithoutAgents() {
        WaitEstimate estimate = new WaitEstimate();
        estimate.handled(60_000);

        assertThat(estimate.estimateSeconds(1, 0)).isEmpty();
        assertThat(estimate.announcement(1, 0)).containsExactly("queue-you-are-caller", "number-1");
    }

    @Test
    void onlyTheMostRecentCallsCount() {
        WaitEstimate estimate = new WaitEstimate(3);
        estimate.handled(600_000);
        estimate.handled(60_000);
        estimate.handled(60_000);
        estimate.handled(60_000); // the 10-minute call has dropped out

        assertThat(estimate.estimateSeconds(1, 1)).hasValue(60);
    }

    @Test
    void announcementSaysPositionsUpToTwentyAndManyCallersBeyond() {
        assertThat(Announcement.prompts(1, OptionalLong.empty())).containsExactly("queue-you-are-caller", "number-1");
        assertThat(Announcement.prompts(20, OptionalLong.empty())).containsExactly("queue-you-are-caller", "number-20");
        assertThat(Announcement.prompts(21, OptionalLong.empty()))
                .containsExactly("queue-you-are-caller", "queue-many-callers-ahead");
    }

    @Test
    void announcementSaysLessThanAMinuteUnderSixtySeconds() {
        assertThat(Announcement.prompts(2, OptionalLong.of(0)))
                .containsExactly("queue-you-are-caller", "number-2", "queue-estimated-wait", "queue-less-than-a-minute");
        assertThat(Announcement.prompts(2, OptionalLong.of(59)))
                .endsWith("queue-estimated-wait", "queue-less-than-a-minute");
    }

    @Test
    void announcementRoundsMinutesUp() {
        assertThat(Announcement.prompts(3, OptionalLong.of(60)))
                .containsExactly("queue-you-are-caller", "number-3", "queue-estimated-wait", "number-1", "queue-minutes");
        assertThat(Announcement.prompts(3, OptionalLong.of(61))).endsWith("number-2", "queue-minutes");
        assertThat(Announcement.prompts(3, OptionalLong.of(1_200))).endsWith("number-20", "queue-minutes");
    }

    @Test
    void announcementSaysMoreThanTwentyMinutesBeyondThat() {
        assertThat(Announcement.prompts(25, OptionalLong.of(1_201))).containsExactly("queue-you-are-caller",
                "queue-many-callers-ahead", "queue-estimated-wait", "queue-more-than-20-minutes");
    }

    @Test
    void announcementFromTheEstimate() {
        WaitEstimate estimate = new WaitEstimate();
        estimate.handled(150_000);

        assertThat(estimate.announcement(2, 1)).containsExactly("queue-you-are-caller", "number-2",
                "queue-estimated-wait", "number-5", "queue-minutes");
    }
}
