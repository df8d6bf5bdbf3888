package io.switchboard.common.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An agent's state transitions. Plain objects. */
class AgentStateTest {

    private final AgentState out = AgentState.loggedOut("1001", 0);

    @Test
    void aLoggedOutAgentTakesNoCallUntilItLogsIn() {
        assertThat(out.loggedIn()).isFalse();
        assertThat(out.canTakeCall(100)).isFalse();

        AgentState in = out.login(100);

        assertThat(in.status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(in.since()).isEqualTo(100);
        assertThat(in.canTakeCall(100)).isTrue();
    }

    @Test
    void pausingKeepsTheReasonAndDefaultsIt() {
        AgentState in = out.login(100);

        assertThat(in.paused("lunch", 200).pauseReason()).isEqualTo("lunch");
        assertThat(in.paused(" ", 200).pauseReason()).isEqualTo("paused");
        assertThat(in.paused(null, 200).canTakeCall(300)).isFalse();
        assertThat(in.paused("lunch", 200).loggedIn()).isTrue();
    }

    @Test
    void ringingThenAnsweredCountsTheCallAndClearsMisses() {
        AgentState rung = out.login(100).missed(0, 150).ringing("call-1", 200);

        assertThat(rung.status()).isEqualTo(AgentStatus.RINGING);
        assertThat(rung.ringingFor()).isEqualTo("call-1");
        assertThat(rung.lastOffered()).isEqualTo(200);
        assertThat(rung.misses()).isEqualTo(1);

        AgentState connected = rung.connected("call-1", 210);
        assertThat(connected.status()).isEqualTo(AgentStatus.ON_CALL);
        assertThat(connected.answered()).isEqualTo(1);
        assertThat(connected.misses()).isZero();
        assertThat(connected.canTakeCall(210)).isFalse();
    }

    @Test
    void wrapUpEndsAtItsTime() {
        AgentState ended = out.login(0).ringing("c", 10).connected("c", 20).callEnded(10_000, 1_000);

        assertThat(ended.status()).isEqualTo(AgentStatus.WRAP_UP);
        assertThat(ended.lastCallEnd()).isEqualTo(1_000);
        assertThat(ended.wrapUpUntil()).isEqualTo(11_000);
        assertThat(ended.ringingFor()).isEmpty();
        assertThat(ended.canTakeCall(10_999)).isFalse();
        assertThat(ended.canTakeCall(11_000)).isTrue();
        assertThat(out.login(0).callEnded(0, 5).status()).as("no wrap-up time").isEqualTo(AgentStatus.AVAILABLE);
    }

    @Test
    void missesPauseTheAgentForNoAnswerAfterTheLimit() {
        AgentState once = out.login(0).ringing("c", 1).missed(2, 2);
        assertThat(once.status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(once.misses()).isEqualTo(1);

        AgentState twice = once.ringing("d", 3).missed(2, 4);
        assertThat(twice.status()).isEqualTo(AgentStatus.PAUSED);
        assertThat(twice.pauseReason()).isEqualTo("no-answer");
        assertThat(out.login(0).missed(0, 1).missed(0, 2).missed(0, 3).status()).as("0 = never paused")
                .isEqualTo(AgentStatus.AVAILABLE);
    }

    @Test
    void aNewLoginStartsTheCountsAgain() {
        AgentState busy = out.login(0).ringing("c", 1).connected("c", 2).callEnded(0, 3);
        assertThat(busy.answered()).isEqualTo(1);

        assertThat(AgentState.loggedOut("1001", 4).login(5).answered()).isZero();
    }

    @Test
    void withKeepsWhatTheNextStatusNeeds() {
        AgentState paused = out.login(0).paused("meeting", 1);
        assertThat(paused.with(AgentStatus.PAUSED, 2).pauseReason()).isEqualTo("meeting");
        assertThat(paused.with(AgentStatus.AVAILABLE, 2).pauseReason()).isEmpty();
        AgentState rung = out.login(0).ringing("c", 1);
        assertThat(rung.with(AgentStatus.ON_CALL, 2).ringingFor()).isEqualTo("c");
        assertThat(rung.with(AgentStatus.AVAILABLE, 2).ringingFor()).isEmpty();
    }
}
