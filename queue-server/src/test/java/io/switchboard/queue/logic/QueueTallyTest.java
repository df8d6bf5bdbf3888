package io.switchboard.queue.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.common.queue.AgentState;
import io.switchboard.common.queue.AgentStatus;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.common.queue.QueueStats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueTallyTest {
    private static final long NOW = 1_000_000;

    private final WaitingLine line = new WaitingLine();

    @Test
    void countsAndAveragesOfAnsweredAbandonedAndExitedCallers() {
        QueueTally tally = new QueueTally();
        for (int i = 0; i < 6; i++) {
            tally.joined();
        }
        tally.answered(10_000);
        tally.answered(30_000);
        tally.abandoned(3_000);
        tally.abandoned(45_000);
        tally.exited();
        tally.handled(120_000);
        tally.handled(60_000);
        tally.handled(90_000);

        QueueStats s = stats(tally, 20);
        assertThat(tally.joinedCount()).isEqualTo(6);
        assertThat(s.answered()).isEqualTo(2);
        assertThat(s.abandoned()).isEqualTo(2);
        assertThat(s.abandonedShort()).isEqualTo(1);
        assertThat(s.exited()).isEqualTo(1);
        assertThat(s.averageWait()).isCloseTo(20.0, within(1e-9));
        assertThat(s.averageHandle()).isCloseTo(90.0, within(1e-9));
        assertThat(s.queue()).isEqualTo("sales");
        assertThat(s.node()).isEqualTo("queue-1");
        assertThat(s.updated()).isEqualTo(NOW);
    }

    @Test
    void averagesAreZeroBeforeAnyCall() {
        QueueStats s = stats(new QueueTally(), 20);

        assertThat(s.averageWait()).isZero();
        assertThat(s.averageHandle()).isZero();
        assertThat(s.waiting()).isZero();
        assertThat(s.longestWait()).isZero();
    }

    @Test
    void shortAbandonIsAHangUpBeforeTheThreshold() {
        QueueTally byDefault = new QueueTally();
        byDefault.abandoned(9_999);
        byDefault.abandoned(10_000);
        assertThat(stats(byDefault, 20).abandonedShort()).isEqualTo(1);

        QueueTally fiveSeconds = new QueueTally(5_000);
        fiveSeconds.abandoned(4_000);
        fiveSeconds.abandoned(6_000);
        QueueStats s = stats(fiveSeconds, 20);
        assertThat(s.abandoned()).isEqualTo(2);
        assertThat(s.abandonedShort()).isEqualTo(1);
    }

    @Test
    void serviceLevelIsTheShareAnsweredWithinTheTarget() {
        QueueTally tally = new QueueTally();
        tally.answered(5_000);
        tally.answered(20_000);
        tally.answered(20_001);
        tally.answered(40_000);

        assertThat(stats(tally, 20).serviceLevel()).isCloseTo(50.0, within(1e-9));
        assertThat(stats(tally, 10).serviceLevel()).isCloseTo(25.0, within(1e-9));
        assertThat(stats(tally, 40).serviceLevel()).isCloseTo(100.0, within(1e-9));
        assertThat(tally.serviceLevel(21)).isCloseTo(75.0, within(1e-9));
    }

    @Test
    void waitsLongerThanAnHourNeverCountAsWithinTarget() {
        QueueTally tally = new QueueTally();
        tally.answered(3_600_000);
        tally.answered(7_200_000);

        assertThat(tally.serviceLevel(3_600)).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void serviceLevelIsAHundredBeforeAnyAnswer() {
        QueueTally tally = new QueueTally();
        tally.abandoned(60_000);

        assertThat(stats(tally, 20).serviceLevel()).isEqualTo(100.0);
    }

    @Test
    void waitingAndLongestWaitComeFromTheLine() {
        line.join("a", NOW - 95_500);
        line.join("b", NOW - 10_000);
        line.convertToCallback("b");

        QueueStats s = stats(new QueueTally(), 20);
        assertThat(s.waiting()).isEqualTo(2);
        assertThat(s.longestWait()).isEqualTo(95);
    }

    @Test
    void anAgentFreeForTheQueueButOnADirectCallCountsAsBusy() {
        Map<String, AgentState> states = new HashMap<>();
        states.put("free", available("free"));
        states.put("direct", available("direct"));
        List<QueueMember> members = List.of(QueueMember.of("free"), QueueMember.of("direct"));

        QueueStats s = new QueueTally().stats("sales", "queue-1", line, states, members, java.util.Set.of("direct"), 20, NOW);

        assertThat(s.agentsAvailable()).isEqualTo(1);
        assertThat(s.agentsBusy()).isEqualTo(1);
    }

    @Test
    void agentsAreCountedByState() {
        Map<String, AgentState> states = new HashMap<>();
        states.put("avail", available("avail"));
        states.put("ringing", available("ringing").ringing("x", NOW - 1_000));
        states.put("oncall", available("oncall").connected("y", NOW - 1_000));
        states.put("wrapping", available("wrapping").callEnded(30_000, NOW - 1_000));
        states.put("wrapped", available("wrapped").callEnded(10_000, NOW - 20_000));
        states.put("paused", available("paused").paused("lunch", NOW));
        states.put("out", AgentState.loggedOut("out", NOW));
        states.put("not-a-member", available("not-a-member"));
        assertThat(states.get("wrapped").status()).isEqualTo(AgentStatus.WRAP_UP);
        List<QueueMember> members = List.of("avail", "ringing", "oncall", "wrapping", "wrapped", "paused", "out", "unseen")
                .stream().map(QueueMember::of).toList();

        QueueStats s = new QueueTally().stats("sales", "queue-1", line, states, members, java.util.Set.of(), 20, NOW);
        assertThat(s.agentsAvailable()).isEqualTo(2); // avail, wrapped (wrap-up over)
        assertThat(s.agentsBusy()).isEqualTo(3); // ringing, oncall, wrapping
        assertThat(s.agentsPaused()).isEqualTo(1);
        assertThat(s.agentsLoggedOut()).isEqualTo(2); // out, unseen
    }

    private QueueStats stats(QueueTally tally, int serviceLevel) {
        return tally.stats("sales", "queue-1", line, Map.of(), List.of(), java.util.Set.of(), serviceLevel, NOW);
    }

    private static AgentState available(String extension) {
        return AgentState.loggedOut(extension, 0).login(0);
    }
}
