package io.switchboard.queue.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.common.queue.AgentState;
import io.switchboard.common.queue.AgentStatus;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.common.queue.QueueStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class AgentPickerTest {
    private static final long NOW = 1_000_000;
    private static final RandomGenerator UNUSED = new SplittableRandom(1);

    private final AgentPicker picker = new AgentPicker();
    private final Map<String, AgentState> agents = new HashMap<>();

    // --- ringall and tiers ---

    @Test
    void ringAllRingsEveryAvailableAgentOfTheFirstTierInMemberOrder() {
        QueueDefinition q = queue(QueueStrategy.RINGALL, 15, m("c", 1), m("a", 1), m("b", 2), m("d", 1));
        available("a", "b", "c", "d");

        assertThat(ring(q, 0)).containsExactly("c", "a", "d");
    }

    @Test
    void ringAllAddsTheNextTierOnceTheCallerWaitedTheTierWait() {
        QueueDefinition q = queue(QueueStrategy.RINGALL, 15, m("a", 1), m("b", 2), m("c", 3));
        available("a", "b", "c");

        assertThat(ring(q, 14_999)).containsExactly("a");
        assertThat(ring(q, 15_000)).containsExactly("a", "b");
        assertThat(ring(q, 29_999)).containsExactly("a", "b");
        assertThat(ring(q, 30_000)).containsExactly("a", "b", "c");
    }

    @Test
    void zeroTierWaitOpensEveryTierAtOnce() {
        QueueDefinition q = queue(QueueStrategy.RINGALL, 0, m("a", 1), m("b", 2), m("c", 9));
        available("a", "b", "c");

        assertThat(ring(q, 0)).containsExactly("a", "b", "c");
    }

    @Test
    void openTierCountsWholeTierWaits() {
        assertThat(AgentPicker.openTier(15, 0)).isEqualTo(1);
        assertThat(AgentPicker.openTier(15, 14_999)).isEqualTo(1);
        assertThat(AgentPicker.openTier(15, 15_000)).isEqualTo(2);
        assertThat(AgentPicker.openTier(15, 45_000)).isEqualTo(4);
        assertThat(AgentPicker.openTier(0, 0)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void nextTierOpensAtOnceWhenNoAgentOfTheOpenTiersCanTakeACall() {
        QueueDefinition q = queue(QueueStrategy.RINGALL, 60, m("a", 1), m("b", 1), m("c", 2), m("d", 2));
        available("c", "d");
        state("a", AgentStatus.PAUSED);
        state("b", AgentStatus.ON_CALL);

        assertThat(ring(q, 0)).containsExactly("c", "d");
    }

    @Test
    void fallbackSkipsToTheLowestTierThatHasAnAgent() {
        QueueDefinition q = queue(QueueStrategy.LINEAR, 60, m("a", 1), m("b", 2), m("c", 3), m("d", 4));
        state("a", AgentStatus.LOGGED_OUT);
        state("b", AgentStatus.PAUSED);
        available("c", "d");

        assertThat(ring(q, 0)).containsExactly("c");
    }

    @Test
    void agentsStillRingingForTheCallerKeepTheNextTierClosed() {
        QueueDefinition q = queue(QueueStrategy.RINGALL, 30, m("a", 1), m("b", 1), m("c", 2));
        state("a", AgentStatus.RINGING);
        state("b", AgentStatus.RINGING);
        available("c");

        AgentPicker.Pick pick = picker.pick(q, agents, NOW, 10_000, Set.of("a", "b"), Set.of(), UNUSED);
        assertThat(pick.ring()).isEmpty();
        assertThat(pick.roundExhausted()).isFalse();

        // The tier wait is over: the next tier is offered the call too.
        assertThat(picker.pick(q, agents, NOW, 30_000, Set.of("a", "b"), Set.of(), UNUSED).ring()).containsExactly("c");
    }

    @Test
    void missedAgentsKeepTheNextTierClosedUntilItsTime() {
        QueueDefinition q = queue(QueueStrategy.LINEAR, 15, m("a", 1), m("b", 2));
        available("a", "b");

        AgentPicker.Pick early = picker.pick(q, agents, NOW, 5_000, Set.of("a"), Set.of(), UNUSED);
        assertThat(early.ring()).isEmpty();
        assertThat(early.roundExhausted()).isTrue();
        assertThat(picker.pick(q, agents, NOW, 5_000, Set.of(), Set.of(), UNUSED).ring()).containsExactly("a");

        assertThat(picker.pick(q, agents, NOW, 15_000, Set.of("a"), Set.of(), UNUSED).ring()).containsExactly("b");
    }

    @Test
    void anAgentPausedAfterMissingOpensTheNextTierAtOnce() {
        QueueDefinition q = queue(QueueStrategy.LINEAR, 60, m("a", 1), m("b", 2));
        agents.put("a", available("a", 0).missed(1, NOW));
        available("b");

        assertThat(picker.pick(q, agents, NOW, 1_000, Set.of("a"), Set.of(), UNUSED).ring()).containsExactly("b");
    }

    @Test
    void singleAgentStrategiesOfferTheLowerTierFirstOnceBothAreOpen() {
        QueueDefinition q = queue(QueueStrategy.FEWEST_CALLS, 10, m("a", 1), m("b", 2), m("c", 1));
        agents.put("a", withAnswered(available("a", 0), 9));
        agents.put("b", withAnswered(available("b", 0), 0));
        agents.put("c", withAnswered(available("c", 0), 5));

        Set<String> tried = new HashSet<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String next = picker.pick(q, agents, NOW, 20_000, tried, Set.of(), UNUSED).ring().get(0);
            order.add(next);
            tried.add(next);
        }
        assertThat(order).containsExactly("c", "a", "b");
    }

    // --- exclusions and rounds ---

    @Test
    void triedAgentsAreSkippedAndTheRoundEndsWhenEveryAgentWasTried() {
        QueueDefinition q = queue(QueueStrategy.LINEAR, 15, m("a", 1), m("b", 1), m("c", 1));
        available("a", "b", "c");
        Set<String> tried = new HashSet<>();

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AgentPicker.Pick pick = picker.pick(q, agents, NOW, 0, tried, Set.of(), UNUSED);
            assertThat(pick.roundExhausted()).isFalse();
            order.add(pick.ring().get(0));
            tried.add(pick.ring().get(0));
        }
        assertThat(order).containsExactly("a", "b", "c");

        AgentPicker.Pick end = picker.pick(q, agents, NOW, 0, tried, Set.of(), UNUSED);
        assertThat(end.ring()).isEmpty();
        assertThat(end.roundExhausted()).isTrue();

        tried.clear();
        assertThat(picker.pick(q, agents, NOW, 0, tried, Set.of(), UNUSED).ring()).containsExactly("a");
    }

    @Test
    void ringAllAfterTheRingTimeoutStartsANewRound() {
        QueueDefinition q = queue(QueueStrategy.RINGALL, 15, m("a", 1), m("b", 1));
        available("a", "b");

        AgentPicker.Pick pick = picker.pick(q, agents, NOW, 5_000, Set.of("a", "b"), Set.of(), UNUSED);
        assertThat(pick.roundExhausted()).isTrue();
        assertThat(pick.isEmpty()).isTrue();
    }

    @Test
    void nobodyToRingIsNotAnExhaustedRound() {
        QueueDefinition q = queue(QueueStrategy.RINGALL, 15, m("a", 1), m("b", 2));
        state("a", AgentStatus.ON_CALL);
        state("b", AgentStatus.PAUSED);

        AgentPicker.Pick pick = picker.pick(q, agents, NOW, 100_000, Set.of(), Set.of(), UNUSED);
        assertThat(pick.ring()).isEmpty();
        assertThat(pick.roundExhausted()).isFalse();
    }

    @Test
    void agentsBusyOnADirectCallAreSkippedUnlessTheQueueOffersThem() {
        QueueDefinition q = queue(QueueStrategy.RINGALL, 15, m("a", 1), m("b", 1));
        available("a", "b");

        assertThat(picker.pick(q, agents, NOW, 0, Set.of(), Set.of("a"), UNUSED).ring()).containsExactly("b");
        assertThat(picker.pick(TestQueues.offeringBusyAgents(q), agents, NOW, 0, Set.of(), Set.of("a"), UNUSED).ring())
                .containsExactly("a", "b");
    }

    @Test
    void aBusyLowerTierOpensTheNextTier() {
        QueueDefinition q = queue(QueueStrategy.LINEAR, 60, m("a", 1), m("b", 2));
        available("a", "b");

        assertThat(picker.pick(q, agents, NOW, 0, Set.of(), Set.of("a"), UNUSED).ring()).containsExactly("b");
    }

    @Test
    void wrapUpIsRespectedUntilItEnds() {
        QueueDefinition q = queue(QueueStrategy.RINGALL, 15, m("a", 1), m("b", 1));
        available("b");
        agents.put("a", available("a", 0).connected("x", NOW - 60_000).callEnded(10_000, NOW - 5_000));
        assertThat(agents.get("a").status()).isEqualTo(AgentStatus.WRAP_UP);

        assertThat(picker.pick(q, agents, NOW, 0, Set.of(), Set.of(), UNUSED).ring()).containsExactly("b");
        assertThat(picker.pick(q, agents, NOW + 4_999, 0, Set.of(), Set.of(), UNUSED).ring()).containsExactly("b");
        assertThat(picker.pick(q, agents, NOW + 5_000, 0, Set.of(), Set.of(), UNUSED).ring()).containsExactly("a", "b");
    }

    @Test
    void pausedLoggedOutAndUnknownAgentsAreNeverRung() {
        QueueDefinition q = queue(QueueStrategy.RINGALL, 0, m("a", 1), m("b", 1), m("c", 2), m("d", 3));
        state("a", AgentStatus.PAUSED);
        state("b", AgentStatus.LOGGED_OUT);
        available("d", "stranger");

        assertThat(ring(q, 0)).containsExactly("d");
    }

    @Test
    void agentsRingingOrOnACallAreNotRung() {
        QueueDefinition q = queue(QueueStrategy.RINGALL, 0, m("a", 1), m("b", 1), m("c", 1));
        state("a", AgentStatus.RINGING);
        state("b", AgentStatus.ON_CALL);
        available("c");

        assertThat(ring(q, 0)).containsExactly("c");
    }

    // --- strategies ---

    @Test
    void roundRobinContinuesAfterTheAgentRungLast() {
        QueueDefinition q = queue(QueueStrategy.ROUND_ROBIN, 15, m("a", 1), m("b", 1), m("c", 1), m("d", 1));
        available("a", "b", "c", "d");

        assertThat(picks(q, 6)).containsExactly("a", "b", "c", "d", "a", "b");
        assertThat(picker.lastRung("sales")).contains("b");
    }

    @Test
    void roundRobinSkipsAgentsWhoCannotTakeACall() {
        QueueDefinition q = queue(QueueStrategy.ROUND_ROBIN, 15, m("a", 1), m("b", 1), m("c", 1), m("d", 1));
        available("a", "c", "d");
        state("b", AgentStatus.PAUSED);

        assertThat(picks(q, 4)).containsExactly("a", "c", "d", "a");

        available("b");
        assertThat(picks(q, 2)).containsExactly("b", "c");
    }

    @Test
    void roundRobinMovesOnWithinOneCallerAfterARingTimeout() {
        QueueDefinition q = queue(QueueStrategy.ROUND_ROBIN, 15, m("a", 1), m("b", 1), m("c", 1));
        available("a", "b", "c");
        picks(q, 2); // a, b for earlier callers

        Set<String> tried = new HashSet<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String next = picker.pick(q, agents, NOW, 0, tried, Set.of(), UNUSED).ring().get(0);
            order.add(next);
            tried.add(next);
        }
        assertThat(order).containsExactly("c", "a", "b");
        assertThat(picker.pick(q, agents, NOW, 0, tried, Set.of(), UNUSED).roundExhausted()).isTrue();
    }

    @Test
    void roundRobinMemoryIsKeptPerQueue() {
        QueueDefinition sales = queue(QueueStrategy.ROUND_ROBIN, 15, m("a", 1), m("b", 1), m("c", 1));
        QueueDefinition support = TestQueues.renamed(sales, "support");
        available("a", "b", "c");

        assertThat(picks(sales, 2)).containsExactly("a", "b");
        assertThat(picks(support, 1)).containsExactly("a");
        assertThat(picks(sales, 1)).containsExactly("c");

        picker.forget("sales");
        assertThat(picks(sales, 1)).containsExactly("a");
    }

    @Test
    void roundRobinStartsFromTheTopWhenTheAgentRungLastLeftTheQueue() {
        QueueDefinition q = queue(QueueStrategy.ROUND_ROBIN, 15, m("a", 1), m("b", 1), m("c", 1));
        available("a", "b", "c");
        assertThat(picks(q, 2)).containsExactly("a", "b");

        QueueDefinition withoutB = q.withMembers(List.of(m("a", 1), m("c", 1)));
        assertThat(picks(withoutB, 2)).containsExactly("a", "c");
    }

    @Test
    void linearAlwaysStartsFromTheFirstMember() {
        QueueDefinition q = queue(QueueStrategy.LINEAR, 15, m("c", 1), m("a", 1), m("b", 1));
        available("a", "b", "c");

        assertThat(picks(q, 3)).containsExactly("c", "c", "c");
        assertThat(picker.pick(q, agents, NOW, 0, Set.of("c"), Set.of(), UNUSED).ring()).containsExactly("a");
        state("c", AgentStatus.ON_CALL);
        assertThat(picks(q, 2)).containsExactly("a", "a");
    }

    @Test
    void leastRecentRingsTheAgentOfferedLongestAgo() {
        QueueDefinition q = queue(QueueStrategy.LEAST_RECENT, 15, m("a", 1), m("b", 1), m("c", 1), m("d", 1), m("e", 1));
        agents.put("a", offeredAt("a", 300));
        agents.put("b", offeredAt("b", 100));
        agents.put("c", offeredAt("c", 200));
        agents.put("d", offeredAt("d", 0));
        agents.put("e", offeredAt("e", 0));

        List<String> order = new ArrayList<>();
        long t = NOW;
        for (int i = 0; i < 6; i++) {
            String next = picker.pick(q, agents, t, 0, Set.of(), Set.of(), UNUSED).ring().get(0);
            order.add(next);
            // Rung and missed: offered now, available again.
            agents.put(next, agents.get(next).ringing("caller" + i, t).missed(0, t + 1));
            t += 10;
        }
        assertThat(order).containsExactly("d", "e", "b", "c", "a", "d");
    }

    @Test
    void fewestCallsRingsTheAgentWhoAnsweredFewestWithTiesInMemberOrder() {
        QueueDefinition q = queue(QueueStrategy.FEWEST_CALLS, 15, m("a", 1), m("b", 1), m("c", 1));
        agents.put("a", withAnswered(available("a", 0), 4));
        agents.put("b", withAnswered(available("b", 0), 2));
        agents.put("c", withAnswered(available("c", 0), 2));

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String next = picker.pick(q, agents, NOW, 0, Set.of(), Set.of(), UNUSED).ring().get(0);
            order.add(next);
            // Answered and done at once.
            agents.put(next, agents.get(next).connected("caller" + i, NOW).callEnded(0, NOW));
        }
        assertThat(order).containsExactly("b", "c", "b", "c", "a");
    }

    @Test
    void longestIdleRingsTheAgentFreeTheLongest() {
        QueueDefinition q = queue(QueueStrategy.LONGEST_IDLE, 15, m("a", 1), m("b", 1), m("c", 1), m("d", 1));
        // a: available since 1000, last call ended 5000 -> idle since 5000
        agents.put("a", new AgentState("a", AgentStatus.AVAILABLE, "", 1_000, 0, 5_000, 3, 0, 0, ""));
        // b: logged in at 2000, no call yet -> idle since 2000
        agents.put("b", new AgentState("b", AgentStatus.AVAILABLE, "", 2_000, 0, 0, 0, 0, 0, ""));
        // c: wrap-up of a call ended at 500 was over at 1500 -> idle since 1500
        agents.put("c", new AgentState("c", AgentStatus.WRAP_UP, "", 500, 0, 500, 1, 0, 1_500, ""));
        // d: last call long ago, but unpaused only at 9000 -> idle since 9000
        agents.put("d", new AgentState("d", AgentStatus.AVAILABLE, "", 9_000, 0, 100, 1, 0, 0, ""));

        Set<String> tried = new HashSet<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String next = picker.pick(q, agents, NOW, 0, tried, Set.of(), UNUSED).ring().get(0);
            order.add(next);
            tried.add(next);
        }
        assertThat(order).containsExactly("c", "b", "a", "d");
        assertThat(AgentPicker.idleSince(agents.get("c"))).isEqualTo(1_500);
    }

    @Test
    void longestIdleBreaksTiesByMemberOrder() {
        QueueDefinition q = queue(QueueStrategy.LONGEST_IDLE, 15, m("b", 1), m("a", 1));
        agents.put("a", available("a", 4_000));
        agents.put("b", available("b", 4_000));

        assertThat(ring(q, 0)).containsExactly("b");
    }

    @Test
    void randomPicksEveryAgentAboutEquallyOften() {
        QueueDefinition q = queue(QueueStrategy.RANDOM, 15, m("a", 1), m("b", 1), m("c", 1), m("d", 2));
        available("a", "b", "c", "d");
        RandomGenerator seeded = new SplittableRandom(20240611L);

        Map<String, Integer> counts = count(q, seeded, 9_000);
        assertThat(counts).containsOnlyKeys("a", "b", "c");
        for (String e : List.of("a", "b", "c")) {
            assertThat(counts.get(e) / 9_000.0).isCloseTo(1 / 3.0, within(0.03));
        }
    }

    @Test
    void weightedRandomPicksAgentsInProportionToTheirWeights() {
        QueueDefinition q = queue(QueueStrategy.WEIGHTED_RANDOM, 15,
                new QueueMember("a", 1, 1), new QueueMember("b", 1, 3), new QueueMember("c", 1, 6));
        available("a", "b", "c");
        RandomGenerator seeded = new SplittableRandom(7L);

        Map<String, Integer> counts = count(q, seeded, 10_000);
        assertThat(counts.get("a") / 10_000.0).isCloseTo(0.1, within(0.02));
        assertThat(counts.get("b") / 10_000.0).isCloseTo(0.3, within(0.02));
        assertThat(counts.get("c") / 10_000.0).isCloseTo(0.6, within(0.02));
    }

    @Test
    void weightedRandomOnlyDrawsAmongAgentsWhoCanBeRung() {
        QueueDefinition q = queue(QueueStrategy.WEIGHTED_RANDOM, 15,
                new QueueMember("a", 1, 1), new QueueMember("b", 1, 90), new QueueMember("c", 1, 9));
        available("a", "c");
        state("b", AgentStatus.PAUSED);

        Map<String, Integer> counts = count(q, new SplittableRandom(3L), 10_000);
        assertThat(counts).containsOnlyKeys("a", "c");
        assertThat(counts.get("c") / 10_000.0).isCloseTo(0.9, within(0.02));
    }

    @Test
    void sameSeedGivesTheSamePicks() {
        QueueDefinition q = queue(QueueStrategy.WEIGHTED_RANDOM, 15,
                new QueueMember("a", 1, 2), new QueueMember("b", 1, 5), new QueueMember("c", 1, 3));
        available("a", "b", "c");

        assertThat(sequence(q, new SplittableRandom(99L), 50)).isEqualTo(sequence(q, new SplittableRandom(99L), 50));
    }

    @Test
    void everyStrategyButRingAllRingsExactlyOneAgent() {
        available("a", "b", "c");
        for (QueueStrategy s : QueueStrategy.values()) {
            List<String> ring = picker.pick(queue(s, 15, m("a", 1), m("b", 1), m("c", 1)), agents, NOW, 0, Set.of(),
                    Set.of(), new SplittableRandom(5L)).ring();
            assertThat(ring).as(s.label()).hasSize(s == QueueStrategy.RINGALL ? 3 : 1);
        }
    }

    // --- helpers ---

    private List<String> ring(QueueDefinition q, long waited) {
        return picker.pick(q, agents, NOW, waited, Set.of(), Set.of(), UNUSED).ring();
    }

    // One pick each for n new callers (empty tried set).
    private List<String> picks(QueueDefinition q, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.addAll(ring(q, 0));
        }
        return out;
    }

    private Map<String, Integer> count(QueueDefinition q, RandomGenerator random, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (String e : sequence(q, random, n)) {
            counts.merge(e, 1, Integer::sum);
        }
        return counts;
    }

    private List<String> sequence(QueueDefinition q, RandomGenerator random, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.addAll(picker.pick(q, agents, NOW, 0, Set.of(), Set.of(), random).ring());
        }
        return out;
    }

    private void available(String... extensions) {
        for (String e : extensions) {
            agents.put(e, available(e, 0));
        }
    }

    private void state(String extension, AgentStatus status) {
        agents.put(extension, available(extension, 0).with(status, 0));
    }

    private static AgentState available(String extension, long since) {
        return AgentState.loggedOut(extension, 0).login(since);
    }

    private static AgentState offeredAt(String extension, long lastOffered) {
        return new AgentState(extension, AgentStatus.AVAILABLE, "", 0, lastOffered, 0, 0, 0, 0, "");
    }

    private static AgentState withAnswered(AgentState s, long answered) {
        return new AgentState(s.extension(), s.status(), s.pauseReason(), s.since(), s.lastOffered(), s.lastCallEnd(),
                answered, s.misses(), s.wrapUpUntil(), s.ringingFor());
    }

    private static QueueMember m(String extension, int tier) {
        return new QueueMember(extension, tier, 1);
    }

    private static QueueDefinition queue(QueueStrategy strategy, int tierWait, QueueMember... members) {
        return TestQueues.queue("sales", strategy, tierWait, false, List.of(members));
    }
}
