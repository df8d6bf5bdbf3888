package io.switchboard.queue.call;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.queue.AgentFeatureCodes;
import io.switchboard.common.queue.AgentState;
import io.switchboard.common.queue.AgentStatus;
import io.switchboard.common.queue.BusyAgents;
import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueCallHeaders;
import io.switchboard.common.queue.QueueCallOutcome;
import io.switchboard.common.queue.PendingCallback;
import io.switchboard.common.queue.QueueCallRecord;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.common.queue.QueueMaps;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.common.queue.QueueStats;
import io.switchboard.common.queue.QueueStatsBoard;
import io.switchboard.common.queue.QueueStrategy;
import io.switchboard.common.worker.CallEnd;
import io.switchboard.queue.logic.AgentPicker;
import io.switchboard.queue.logic.Announcement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * One queue's call logic without sockets: callers are {@link FakeWorkerCall}s, agents and callbacks
 * are {@link FakeDialedCall}s placed by a {@link FakeDialer}, time is a {@link ManualClock} that the
 * {@link ManualTimers} move (the callers' one-second ticks, the queue's poll, ring timeouts), and the
 * agents' states and the statistics live in a real, isolated Hazelcast member.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueRuntimeTest {
    private static final String QUEUE = "sales";
    private static final String QUEUE_NUMBER = "7100";
    private static final long START = 1_700_000_000_000L;

    private HazelcastInstance hz;
    private QueueDefinitions definitions;

    private ManualClock clock;
    private ManualTimers timers;
    private FakeDialer dialer;
    private QueueAgents agents;
    private BusyAgents busy;
    /** The records the queue published, in order. */
    private final List<QueueCallRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    private QueueStatsBoard board;
    private QueueMeters meters;
    private QueueContext ctx;
    private QueueRuntime runtime;
    private final ListAppender<ILoggingEvent> taskFailures = new ListAppender<>();

    @BeforeAll
    void startCluster() {
        Config config = new Config();
        config.setClusterName("queue-runtime-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getNetworkConfig().setPort(5971).setPortAutoIncrement(true);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        QueueMaps.configure(config);
        hz = Hazelcast.newHazelcastInstance(config);
        definitions = new QueueDefinitions(hz);
    }

    @AfterAll
    void stopCluster() {
        hz.getLifecycleService().terminate();
    }

    @BeforeEach
    void newQueueNode() {
        hz.getMap(QueueAgents.MAP).clear();
        hz.getMap(QueueStatsBoard.MAP).clear();
        hz.getMap(BusyAgents.MAP).clear();
        records.clear();
        clock = new ManualClock(START);
        timers = new ManualTimers(clock);
        dialer = new FakeDialer(timers);
        agents = new QueueAgents(hz, clock);
        board = new QueueStatsBoard(hz);
        meters = new QueueMeters();
        busy = new BusyAgents(hz);
        ctx = new QueueContext("queue-test", dialer, agents, busy, board, records::add, new AgentPicker(), timers, clock,
                new Random(7), meters);
        taskFailures.list.clear();
        taskFailures.start();
        ((Logger) LoggerFactory.getLogger(SerialExecutor.class)).addAppender(taskFailures);
    }

    @AfterEach
    void stopQueueNode() {
        if (runtime != null) {
            runtime.stop();
            timers.settle();
            runtime = null;
        }
        timers.shutdownNow();
        ((Logger) LoggerFactory.getLogger(SerialExecutor.class)).detachAppender(taskFailures);
        assertThat(taskFailures.list).as("queue tasks that threw").noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
    }

    // ---- joining, music, the agent rung ----

    @Test
    void aCallerWhoJoinsHearsTheGreetingThenMusicOnHoldInALoop() {
        start(queue().music("moh-1", "moh-2"));

        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        assertThat(alice.played()).containsExactly("queue-welcome");
        alice.promptFinished();
        alice.promptFinished();
        alice.promptFinished();

        assertThat(alice.played()).containsExactly("queue-welcome", "moh-1", "moh-2", "moh-1");
        assertThat(alice.ended()).isNull();
    }

    @Test
    void withoutAGreetingTheMusicStartsAtOnce() {
        start(queue().greeting(""));

        FakeWorkerCall alice = join("c1", "5551001", "Alice");

        assertThat(alice.played()).containsExactly("moh");
    }

    @Test
    void theFirstAvailableAgentInMemberOrderIsRungWithTheCallersNumberAndTheQueueInTheDisplayName() {
        login("2002", "2003"); // 2001 is logged out
        start(queue().strategy(QueueStrategy.LINEAR).members("2001", "2002", "2003"));

        join("c1", "5551001", "Alice");

        assertThat(dialer.numbers()).containsExactly("2002");
        FakeDialedCall offer = dialer.last("2002");
        assertThat(offer.dial().fromUser()).isEqualTo("5551001");
        assertThat(offer.dial().fromDisplay()).isEqualTo("Alice [sales]");
        assertThat(offer.dial().signaling()).isEqualTo(FakeWorkerCall.SIGNALING);
        assertThat(agents.get("2002").status()).isEqualTo(AgentStatus.RINGING);
        assertThat(agents.get("2002").ringingFor()).isEqualTo("sales/c1");
        assertThat(agents.get("2003").status()).isEqualTo(AgentStatus.AVAILABLE);
    }

    @Test
    void aCallerWithoutADisplayNameIsShownToTheAgentByNumber() {
        login("2001");
        start(queue().members("2001"));

        join("c1", "5551001", "");

        assertThat(dialer.last("2001").dial().fromDisplay()).isEqualTo("5551001 [sales]");
    }

    @Test
    void anAgentWhoAnswersIsJoinedToTheCallerByAttendedTransferAndCountedAnsweredOnceTheTransferIsDone() {
        login("2001");
        start(queue().members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        clock.advance(Duration.ofSeconds(4));

        FakeDialedCall agentCall = dialer.last("2001");
        agentCall.ringing();
        agentCall.answered();

        assertThat(alice.transfers()).containsExactly(new FakeWorkerCall.Transfer("2001", agentCall));
        AgentState agent = agents.get("2001");
        assertThat(agent.status()).isEqualTo(AgentStatus.ON_CALL);
        assertThat(agent.ringingFor()).isEqualTo("sales/c1");
        assertThat(agent.answered()).isEqualTo(1);
        assertThat(stats().answered()).as("not before the REFER succeeded").isZero();

        alice.transferSucceeds();

        QueueStats stats = stats();
        assertThat(stats.answered()).isEqualTo(1);
        assertThat(stats.abandoned()).isZero();
        assertThat(stats.exited()).isZero();
        assertThat(stats.waiting()).isZero();
        assertThat(stats.averageWait()).as("answered 4 s in, joined a second later").isEqualTo(5.0);
        assertThat(meters.connected()).isEqualTo(1);
        assertThat(agentCall.hungUpByUs()).as("signaling holds the agent's call now").isFalse();
    }

    @Test
    void signalingEndingTheAgentsCallGivesTheQueueItsHandleTime() {
        login("2001");
        start(queue().members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        FakeDialedCall agentCall = dialer.last("2001");
        agentCall.answered();
        alice.transferSucceeds();
        agentCall.farEndHangsUp(); // signaling releases our dialog after the join

        timers.advance(Duration.ofSeconds(90));
        endQueueCall("2001", 0); // signaling saw the agent's call end

        assertThat(stats().averageHandle()).isEqualTo(90.0);
    }

    @Test
    void ringallRingsEveryAvailableAgentAndTheFirstToAnswerWinsWhileTheOthersAreReleasedWithoutAMiss() {
        login("2001", "2002", "2003", "2004");
        agents.pause("2004", "lunch");
        start(queue().strategy(QueueStrategy.RINGALL).members("2001", "2002", "2003", "2004"));

        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        assertThat(dialer.numbers()).containsExactly("2001", "2002", "2003");

        dialer.last("2002").answered();

        assertThat(alice.transfers()).containsExactly(new FakeWorkerCall.Transfer("2002", dialer.last("2002")));
        assertThat(dialer.last("2001").hungUpByUs()).isTrue();
        assertThat(dialer.last("2003").hungUpByUs()).isTrue();
        for (String other : List.of("2001", "2003")) {
            AgentState s = agents.get(other);
            assertThat(s.status()).as(other).isEqualTo(AgentStatus.AVAILABLE);
            assertThat(s.misses()).as(other).isZero();
            assertThat(s.ringingFor()).as(other).isEmpty();
        }
        assertThat(agents.get("2002").status()).isEqualTo(AgentStatus.ON_CALL);
        assertThat(agents.get("2004").status()).isEqualTo(AgentStatus.PAUSED);
        assertThat(meters.missed.sum()).isZero();
    }

    @Test
    void aSecondAgentAnsweringJustAfterTheFirstIsHungUpAndReleasedWithoutAMiss() {
        login("2001", "2002");
        start(queue().strategy(QueueStrategy.RINGALL).members("2001", "2002"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");

        // Both 200s arrive while the queue is busy: it handles them one after the other.
        FakeDialedCall first = dialer.last("2001");
        FakeDialedCall second = dialer.last("2002");
        CountDownLatch busy = new CountDownLatch(1);
        runtime.execute(() -> awaitQuietly(busy));
        first.deliverAnswer();
        second.deliverAnswer();
        busy.countDown();
        timers.settle();

        assertThat(alice.transfers()).containsExactly(new FakeWorkerCall.Transfer("2001", first));
        assertThat(second.hungUpByUs()).isTrue();
        assertThat(agents.get("2002").status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(agents.get("2002").misses()).isZero();
    }

    // ---- ring timeout, misses, wrap-up ----

    @Test
    void anUnansweredOfferIsCancelledAtTheRingTimeoutCountsAMissAndTheNextAgentIsTried() {
        login("2001", "2002");
        start(queue().strategy(QueueStrategy.LINEAR).ringTimeout(5).members("2001", "2002"));
        join("c1", "5551001", "Alice");
        FakeDialedCall first = dialer.last("2001");
        first.ringing();

        timers.advance(Duration.ofSeconds(4));
        assertThat(first.hungUpByUs()).isFalse();
        timers.advance(Duration.ofSeconds(1));

        assertThat(first.hungUpByUs()).as("CANCEL at the ring timeout").isTrue();
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(agents.get("2001").misses()).isEqualTo(1);
        assertThat(meters.missed.sum()).isEqualTo(1);
        assertThat(dialer.numbers()).containsExactly("2001", "2002");
        assertThat(agents.get("2002").status()).isEqualTo(AgentStatus.RINGING);
    }

    @Test
    void anAgentWhoRefusesTheOfferCountsAMissAndTheNextAgentIsRungAtOnce() {
        login("2001", "2002");
        start(queue().strategy(QueueStrategy.LINEAR).members("2001", "2002"));
        join("c1", "5551001", "Alice");

        dialer.last("2001").failed(486, "Busy Here");

        assertThat(agents.get("2001").misses()).isEqualTo(1);
        assertThat(dialer.numbers()).containsExactly("2001", "2002");
    }

    @Test
    void anAgentWhoseCallCannotBePlacedIsReleasedAndTheNextAgentIsTriedAtTheNextPoll() {
        login("2001", "2002");
        start(queue().strategy(QueueStrategy.LINEAR).members("2001", "2002"));
        dialer.refuse(true); // no RTP port free on the node
        join("c1", "5551001", "Alice");
        dialer.refuse(false);

        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(agents.get("2001").misses()).isZero();
        timers.advance(Duration.ofSeconds(1));

        assertThat(dialer.numbers()).containsExactly("2002");
    }

    @Test
    void anAgentWhoMissesAutoPauseMissesOffersInARowIsPausedForNoAnswer() {
        login("2001", "2002");
        start(queue().strategy(QueueStrategy.LINEAR).ringTimeout(5).autoPauseMisses(2).members("2001", "2002"));
        join("c1", "5551001", "Alice");

        timers.advance(Duration.ofSeconds(5)); // 2001 misses, 2002 rung
        timers.advance(Duration.ofSeconds(5)); // 2002 misses, the round starts again with 2001
        assertThat(dialer.numbers()).containsExactly("2001", "2002", "2001");
        timers.advance(Duration.ofSeconds(5)); // 2001 misses a second time

        AgentState paused = agents.get("2001");
        assertThat(paused.status()).isEqualTo(AgentStatus.PAUSED);
        assertThat(paused.pauseReason()).isEqualTo("no-answer");
        assertThat(paused.misses()).isEqualTo(2);
        assertThat(dialer.numbers()).containsExactly("2001", "2002", "2001", "2002");

        timers.advance(Duration.ofSeconds(5)); // 2002 misses its second: paused too, nobody left to ring
        assertThat(agents.get("2002").status()).isEqualTo(AgentStatus.PAUSED);
        timers.advance(Duration.ofSeconds(30));
        assertThat(dialer.numbers()).hasSize(4);
        assertThat(meters.missed.sum()).isEqualTo(4);
    }

    @Test
    void anAnswerResetsTheAgentsMisses() {
        login("2001");
        start(queue().ringTimeout(5).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(5));
        assertThat(agents.get("2001").misses()).isEqualTo(1);

        dialer.last("2001").answered();
        alice.transferSucceeds();

        assertThat(agents.get("2001").misses()).isZero();
    }

    @Test
    void anAgentInWrapUpIsOfferedOnlyOnceItsWrapUpIsOver() {
        login("2001");
        endQueueCall("2001", 10_000);
        start(queue().members("2001"));

        join("c1", "5551001", "Alice");
        assertThat(dialer.numbers()).isEmpty();
        timers.advance(Duration.ofSeconds(9));
        assertThat(dialer.numbers()).isEmpty();

        timers.advance(Duration.ofSeconds(1));

        assertThat(dialer.numbers()).containsExactly("2001");
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.RINGING);
    }

    @Test
    void anAgentWhoLogsInIsOfferedTheWaitingCallerAtTheNextPoll() {
        start(queue().members("2001"));
        join("c1", "5551001", "Alice");
        assertThat(dialer.numbers()).isEmpty();

        login("2001");
        timers.advance(Duration.ofSeconds(1));

        assertThat(dialer.numbers()).containsExactly("2001");
    }

    @Test
    void callersAreOfferedInTheOrderTheyJoined() {
        start(queue().members("2001"));
        join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(1));
        join("c2", "5551002", "Bob");

        login("2001");
        timers.advance(Duration.ofSeconds(1));

        assertThat(dialer.last("2001").dial().fromUser()).isEqualTo("5551001");
        assertThat(agents.get("2001").ringingFor()).isEqualTo("sales/c1");
    }

    // ---- callers leaving ----

    @Test
    void aCallerWhoHangsUpWhileAnAgentRingsReleasesTheAgentWithoutAMissAndCountsAbandoned() {
        login("2001");
        start(queue().members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        FakeDialedCall offer = dialer.last("2001");
        offer.ringing();
        timers.advance(Duration.ofSeconds(3));

        alice.callerHangsUp();

        assertThat(offer.hungUpByUs()).isTrue();
        AgentState agent = agents.get("2001");
        assertThat(agent.status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(agent.misses()).isZero();
        QueueStats stats = stats();
        assertThat(stats.abandoned()).isEqualTo(1);
        assertThat(stats.abandonedShort()).isEqualTo(1);
        assertThat(stats.waiting()).isZero();
        assertThat(meters.missed.sum()).isZero();
        assertThat(runtime.waitingCount()).isZero();
    }

    @Test
    void aCallerWhoHangsUpAfterTheAgentAnsweredButBeforeTheJoinLeavesTheAgentAvailableWithoutWrapUp() {
        login("2001");
        start(queue().members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        FakeDialedCall offer = dialer.last("2001");
        offer.answered();
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.ON_CALL);

        alice.callerHangsUp();

        assertThat(offer.hungUpByUs()).isTrue();
        assertThat(agents.get("2001").status()).as("no queue call happened").isEqualTo(AgentStatus.AVAILABLE);
        assertThat(stats().abandoned()).isEqualTo(1);
    }

    @Test
    void afterMaxWaitTheCallerIsTransferredToTheTimeoutDestinationAndCountedExited() {
        login("2001");
        agents.pause("2001", "meeting");
        start(queue().maxWait(30).timeoutDestination("7000").members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");

        timers.advance(Duration.ofSeconds(29));
        assertThat(alice.transfers()).isEmpty();
        timers.advance(Duration.ofSeconds(1));

        assertThat(alice.transfers()).containsExactly(new FakeWorkerCall.Transfer("7000", null));
        alice.transferSucceeds();
        QueueStats stats = stats();
        assertThat(stats.exited()).isEqualTo(1);
        assertThat(stats.abandoned()).isZero();
        assertThat(stats.answered()).isZero();
        assertThat(stats.waiting()).isZero();
    }

    @Test
    void afterMaxWaitWithoutATimeoutDestinationTheCallerIsHungUpAndCountedExited() {
        start(queue().maxWait(30).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");

        timers.advance(Duration.ofSeconds(30));

        assertThat(alice.ended()).isEqualTo(CallEnd.HUNG_UP);
        assertThat(alice.transfers()).isEmpty();
        assertThat(stats().exited()).isEqualTo(1);
    }

    @Test
    void atMaxWaitTheAgentRingingForTheCallerIsReleasedWithoutAMiss() {
        login("2001");
        start(queue().maxWait(10).ringTimeout(60).timeoutDestination("7000").members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");

        timers.advance(Duration.ofSeconds(10));

        assertThat(alice.transfers()).containsExactly(new FakeWorkerCall.Transfer("7000", null));
        assertThat(dialer.last("2001").hungUpByUs()).isTrue();
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(agents.get("2001").misses()).isZero();
    }

    @Test
    void aCallerWhoCannotBeTransferredAwayIsHungUp() {
        start(queue().maxWait(5).timeoutDestination("7000").members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(5));

        alice.transferFails("sipfrag 404");

        assertThat(alice.ended()).isEqualTo(CallEnd.HUNG_UP);
        assertThat(stats().exited()).isEqualTo(1);
    }

    @Test
    void aFullQueueSendsTheNextCallerToTheFullDestinationAndCountsItExited() {
        start(queue().maxCallers(1).fullDestination("7001").members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");

        FakeWorkerCall bob = join("c2", "5551002", "Bob");

        assertThat(bob.transfers()).containsExactly(new FakeWorkerCall.Transfer("7001", null));
        assertThat(bob.played()).as("no greeting, no music").isEmpty();
        bob.transferSucceeds();
        assertThat(alice.transfers()).isEmpty();
        QueueStats stats = stats();
        assertThat(stats.waiting()).isEqualTo(1);
        assertThat(stats.exited()).isEqualTo(1);
        assertThat(stats.abandoned()).isZero();
    }

    @Test
    void aFullQueueWithoutAFullDestinationHangsTheNextCallerUp() {
        start(queue().maxCallers(1).members("2001"));
        join("c1", "5551001", "Alice");

        FakeWorkerCall bob = join("c2", "5551002", "Bob");

        assertThat(bob.ended()).isEqualTo(CallEnd.HUNG_UP);
        assertThat(stats().exited()).isEqualTo(1);
    }

    @Test
    void withJoinEmptyOffACallerFindingNoAgentLoggedInGoesToTheFullDestination() {
        start(queue().joinEmpty(false).fullDestination("7001").members("2001", "2002"));

        FakeWorkerCall alice = join("c1", "5551001", "Alice");

        assertThat(alice.transfers()).containsExactly(new FakeWorkerCall.Transfer("7001", null));
        assertThat(runtime.waitingCount()).isZero();
        assertThat(stats().exited()).isEqualTo(1);
    }

    @Test
    void withJoinEmptyOffAPausedAgentIsEnoughToJoin() {
        login("2002");
        agents.pause("2002", "lunch");
        start(queue().joinEmpty(false).fullDestination("7001").members("2001", "2002"));

        FakeWorkerCall alice = join("c1", "5551001", "Alice");

        assertThat(alice.transfers()).isEmpty();
        assertThat(runtime.waitingCount()).isEqualTo(1);
    }

    @Test
    void aCallerTurnedAwayWhoseTransferFailsIsHungUpRatherThanLeftInSilence() {
        start(queue().maxCallers(1).fullDestination("7001").members("2001"));
        join("c1", "5551001", "Alice");
        FakeWorkerCall bob = join("c2", "5551002", "Bob");

        bob.transferFails("sipfrag 486");

        assertThat(bob.ended()).isEqualTo(CallEnd.HUNG_UP);
    }

    @Test
    void theExitKeySendsTheCallerToTheExitDestinationAndReleasesTheAgentRinging() {
        login("2001");
        start(queue().exitKey("*").exitDestination("7002").ringTimeout(60).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");

        alice.press('5');
        assertThat(alice.transfers()).as("not the exit key").isEmpty();
        alice.press('*');

        assertThat(alice.transfers()).containsExactly(new FakeWorkerCall.Transfer("7002", null));
        assertThat(dialer.last("2001").hungUpByUs()).isTrue();
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(agents.get("2001").misses()).isZero();
        alice.transferSucceeds();
        assertThat(stats().exited()).isEqualTo(1);
        assertThat(dialer.numbers()).as("the caller who left is not offered again").containsExactly("2001");
    }

    @Test
    void whenTheLastAgentLogsOutAQueueThatLeavesWhenEmptySendsItsCallersToTheFullDestination() {
        login("2001");
        agents.pause("2001", "lunch");
        start(queue().leaveWhenEmpty(true).fullDestination("7001").members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(3));
        assertThat(alice.transfers()).isEmpty();

        agents.logout("2001");
        timers.advance(Duration.ofSeconds(1));

        assertThat(alice.transfers()).containsExactly(new FakeWorkerCall.Transfer("7001", null));
        alice.transferSucceeds();
        assertThat(stats().exited()).isEqualTo(1);
    }

    // ---- a join that fails ----

    @Test
    void aFailedJoinHangsUpAndReleasesTheAgentAndTheCallerWaitsOnWithMusicWhileTheNextAgentIsRung() {
        login("2001", "2002");
        start(queue().strategy(QueueStrategy.LINEAR).members("2001", "2002"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        FakeDialedCall first = dialer.last("2001");
        first.answered();

        alice.transferFails("sipfrag 481");

        assertThat(first.hungUpByUs()).isTrue();
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(alice.playing()).isEqualTo("moh");
        assertThat(alice.ended()).isNull();
        assertThat(dialer.numbers()).containsExactly("2001", "2002");

        dialer.last("2002").answered();
        assertThat(alice.transfers()).last().isEqualTo(new FakeWorkerCall.Transfer("2002", dialer.last("2002")));
        alice.transferSucceeds();
        assertThat(stats().answered()).isEqualTo(1);
    }

    @Test
    void aCallerWhoseJoinFailsThreeTimesIsHungUpAndRecordedJoinFailedInsteadOfRingingEveryAgentForNothing() {
        login("2001", "2002", "2003", "2004");
        start(queue().strategy(QueueStrategy.LINEAR).members("2001", "2002", "2003", "2004"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        for (String agent : List.of("2001", "2002", "2003")) {
            dialer.last(agent).answered();
            alice.transferFails("sipfrag 500");
        }

        assertThat(alice.ended()).isEqualTo(CallEnd.HUNG_UP);
        assertThat(onlyRecord().outcome()).isEqualTo(QueueCallOutcome.JOIN_FAILED);
        assertThat(dialer.numbers()).doesNotContain("2004");
        assertThat(List.of("2001", "2002", "2003")).allSatisfy(a ->
                assertThat(agents.get(a).status()).isEqualTo(AgentStatus.AVAILABLE));
    }

    @Test
    void aJoinThatFailedIsNoAnsweredCallForTheWaitEstimate() {
        login("2001");
        start(queue().announcePosition(30).ringTimeout(120).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(10));
        dialer.last("2001").answered();
        alice.transferFails("sipfrag 481"); // 2001 is rung again and does not answer

        timers.advance(Duration.ofSeconds(20));

        assertThat(alice.playing()).isEqualTo(Announcement.YOU_ARE_CALLER);
        alice.promptFinished();
        alice.promptFinished();
        assertThat(alice.played()).as("nobody was answered yet: no estimate").endsWith(
                Announcement.YOU_ARE_CALLER, "number-1", "moh");
    }

    @Test
    void anAnsweredCallerGivesTheNextCallersTheirEstimatedWait() {
        login("2001");
        agents.pause("2001", "lunch");
        start(queue().announcePosition(30).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(5));
        FakeWorkerCall bob = join("c2", "5551002", "Bob");
        timers.advance(Duration.ofSeconds(15));
        agents.unpause("2001");
        timers.advance(Duration.ofSeconds(1)); // 2001 rung for Alice after 21 s
        dialer.last("2001").answered();
        alice.transferSucceeds();

        timers.advance(Duration.ofSeconds(14)); // Bob has waited 30 s

        bob.promptFinished();
        bob.promptFinished();
        bob.promptFinished();
        assertThat(bob.played()).endsWith(Announcement.YOU_ARE_CALLER, "number-1", Announcement.ESTIMATED_WAIT,
                Announcement.LESS_THAN_A_MINUTE);
    }

    // ---- announcements ----

    @Test
    void eachCallerHearsItsPositionEveryAnnouncePositionSeconds() {
        start(queue().announcePosition(30).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        FakeWorkerCall bob = join("c2", "5551002", "Bob");

        timers.advance(Duration.ofSeconds(29));
        assertThat(bob.played()).containsExactly("queue-welcome");
        timers.advance(Duration.ofSeconds(1));

        assertThat(bob.playing()).isEqualTo(Announcement.YOU_ARE_CALLER);
        bob.promptFinished();
        bob.promptFinished();
        assertThat(bob.played()).containsExactly("queue-welcome", Announcement.YOU_ARE_CALLER, "number-2", "moh");
        alice.promptFinished();
        assertThat(alice.played()).containsExactly("queue-welcome", Announcement.YOU_ARE_CALLER, "number-1");

        timers.advance(Duration.ofSeconds(30));
        assertThat(bob.playing()).as("again 30 s later").isEqualTo(Announcement.YOU_ARE_CALLER);
    }

    @Test
    void thePeriodicPromptPlaysEveryPeriodicEverySeconds() {
        start(queue().periodic("queue-thanks", 20).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");

        timers.advance(Duration.ofSeconds(20));

        assertThat(alice.playing()).isEqualTo("queue-thanks");
        alice.promptFinished();
        assertThat(alice.playing()).isEqualTo("moh");
        timers.advance(Duration.ofSeconds(19));
        assertThat(alice.playing()).isEqualTo("moh");
        timers.advance(Duration.ofSeconds(1));
        assertThat(alice.playing()).isEqualTo("queue-thanks");
    }

    // ---- callbacks ----

    @Test
    void aCallbackKeepsItsPlaceBetweenEarlierAndLaterCallersAndJoinsTheCalledBackCallerToTheAgent() {
        login("2001");
        agents.pause("2001", "lunch");
        start(queue().callbackAfter(10).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(1));
        FakeWorkerCall carol = join("c2", "5551002", "Carol");
        timers.advance(Duration.ofSeconds(1));
        FakeWorkerCall dave = join("c3", "5551003", "Dave");

        timers.advance(Duration.ofSeconds(9)); // Carol has waited 10 s
        assertThat(carol.playing()).isEqualTo(QueueRuntime.CALLBACK_OFFER);
        carol.press('1');
        assertThat(carol.playing()).isEqualTo(QueueRuntime.CALLBACK_CONFIRMED);
        assertThat(carol.ended()).isNull();
        carol.promptFinished();
        assertThat(carol.ended()).as("hung up after the confirmation").isEqualTo(CallEnd.HUNG_UP);
        assertThat(stats().waiting()).as("the callback keeps its place").isEqualTo(3);
        assertThat(stats().abandoned()).isZero();

        agents.unpause("2001");
        timers.advance(Duration.ofSeconds(1));
        assertThat(dialer.numbers()).containsExactly("2001");
        assertThat(dialer.last("2001").dial().fromUser()).as("Alice joined first").isEqualTo("5551001");
        dialer.last("2001").answered();
        alice.transferSucceeds();
        dialer.last("2001").farEndHangsUp();
        endQueueCall("2001", 0);

        timers.advance(Duration.ofSeconds(1)); // Carol's turn
        FakeDialedCall agentCall = dialer.last("2001");
        assertThat(agentCall.dial().fromUser()).isEqualTo("5551002");
        assertThat(agentCall.dial().fromDisplay()).isEqualTo("Callback Carol [sales]");
        assertThat(agents.get("2001").ringingFor()).isEqualTo("sales/c2");
        agentCall.answered();

        assertThat(dialer.numbers()).containsExactly("2001", "2001", "5551002");
        FakeDialedCall callback = dialer.last("5551002");
        assertThat(callback.dial().fromUser()).isEqualTo(QUEUE_NUMBER);
        assertThat(callback.dial().fromDisplay()).isEqualTo(QUEUE);
        assertThat(callback.dial().signaling()).isEqualTo(FakeWorkerCall.SIGNALING);
        callback.ringing();
        callback.answered();
        assertThat(callback.transfers()).containsExactly(new FakeDialedCall.Transfer("2001", agentCall));
        callback.transferred();

        QueueStats stats = stats();
        assertThat(stats.answered()).isEqualTo(2);
        assertThat(stats.waiting()).isEqualTo(1);
        assertThat(meters.connected()).isEqualTo(2);
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.ON_CALL);
        assertThat(agentCall.hungUpByUs()).isFalse();

        endQueueCall("2001", 0);
        timers.advance(Duration.ofSeconds(1)); // Dave's turn, who joined after Carol
        assertThat(dialer.last("2001").dial().fromUser()).isEqualTo("5551003");
        assertThat(dave.ended()).isNull();
    }

    @Test
    void theCallbackOfferIsMadeOnceAndKeyOneMeansNothingBeforeIt() {
        start(queue().callbackAfter(10).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");

        alice.press('1');
        assertThat(alice.played()).containsExactly("queue-welcome");
        timers.advance(Duration.ofSeconds(10));
        assertThat(alice.playing()).isEqualTo(QueueRuntime.CALLBACK_OFFER);
        alice.promptFinished();
        timers.advance(Duration.ofSeconds(30));

        assertThat(alice.played()).containsOnlyOnce(QueueRuntime.CALLBACK_OFFER);
    }

    @Test
    void anUnansweredCallbackIsTriedAgainAfterTheRetryPauseAndGivenUpAfterCallbackRetries() {
        login("2001");
        agents.pause("2001", "lunch");
        start(queue().callbackAfter(5).callbackRetries(1).ringTimeout(10).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(5));
        alice.press('1');
        alice.promptFinished();
        agents.unpause("2001");
        timers.advance(Duration.ofSeconds(1));

        FakeDialedCall agentCall = dialer.last("2001");
        agentCall.answered();
        dialer.last("5551001").failed(486, "Busy Here");

        assertThat(agentCall.hungUpByUs()).as("the agent reserved is released").isTrue();
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(stats().waiting()).as("still waiting for its next try").isEqualTo(1);
        timers.advance(QueueRuntime.CALLBACK_RETRY.minusSeconds(2)); // 1 s of it went by in stats()
        assertThat(dialer.numbers()).containsExactly("2001", "5551001");

        timers.advance(Duration.ofSeconds(1));
        assertThat(dialer.numbers()).containsExactly("2001", "5551001", "2001");
        FakeDialedCall secondAgentCall = dialer.last("2001");
        secondAgentCall.answered();
        FakeDialedCall secondTry = dialer.last("5551001");
        secondTry.ringing();
        timers.advance(Duration.ofSeconds(19));
        assertThat(secondTry.hungUpByUs()).isFalse();
        timers.advance(Duration.ofSeconds(1)); // twice the ring timeout: CANCEL

        assertThat(secondTry.hungUpByUs()).isTrue();
        assertThat(secondAgentCall.hungUpByUs()).isTrue();
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.AVAILABLE);
        QueueStats stats = stats();
        assertThat(stats.waiting()).as("given up").isZero();
        assertThat(stats.abandoned()).isEqualTo(1);
        assertThat(stats.answered()).isZero();
        timers.advance(Duration.ofSeconds(60));
        assertThat(dialer.numbers()).hasSize(4);
    }

    @Test
    void theAgentHangingUpWhileTheCallerIsCalledBackCancelsTheCallbackForALaterTry() {
        login("2001");
        agents.pause("2001", "lunch");
        start(queue().callbackAfter(5).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(5));
        alice.press('1');
        alice.promptFinished();
        agents.unpause("2001");
        timers.advance(Duration.ofSeconds(1));
        dialer.last("2001").answered();
        FakeDialedCall callback = dialer.last("5551001");

        dialer.last("2001").farEndHangsUp();

        assertThat(callback.hungUpByUs()).isTrue();
        endQueueCall("2001", 0);
        timers.advance(QueueRuntime.CALLBACK_RETRY);
        assertThat(dialer.numbers()).containsExactly("2001", "5551001", "2001");
    }

    @Test
    void aCallerWhoAskedForACallbackHearsTheWholeConfirmationWithoutAnnouncementsOrBeingSentAwayByMaxWait() {
        login("2001");
        agents.pause("2001", "lunch");
        start(queue().callbackAfter(5).announcePosition(7).maxWait(8).timeoutDestination("7009").members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(5));
        alice.press('1');

        timers.advance(Duration.ofSeconds(4)); // the confirmation is long: past an announcement and max wait

        assertThat(alice.playing()).isEqualTo(QueueRuntime.CALLBACK_CONFIRMED);
        assertThat(alice.transfers()).isEmpty();
        alice.promptFinished();
        assertThat(alice.ended()).isEqualTo(CallEnd.HUNG_UP);
        agents.unpause("2001");
        timers.advance(Duration.ofSeconds(1));
        assertThat(dialer.last("2001").dial().fromDisplay()).isEqualTo("Callback Alice [sales]");
    }

    @Test
    void theExitKeyIsIgnoredOnceTheCallerAskedForACallback() {
        login("2001");
        agents.pause("2001", "lunch");
        start(queue().callbackAfter(5).exitKey("#").exitDestination("7002").members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(5));
        alice.press('1');

        alice.press('#');

        assertThat(alice.transfers()).isEmpty();
        alice.promptFinished();
        agents.unpause("2001");
        timers.advance(Duration.ofSeconds(1));
        assertThat(dialer.numbers()).containsExactly("2001");
    }

    // ---- agents busy on a direct call ----

    @Test
    void anAgentOnADirectCallIsNotOfferedACallerUntilTheCallEnds() {
        login("2001", "2002");
        busy.callStarted("2001", "direct-1@10.0.0.9");
        start(queue().strategy(QueueStrategy.LINEAR).ringTimeout(5).members("2001", "2002"));

        join("c1", "5551001", "Alice");
        assertThat(dialer.numbers()).as("2001 is on a call: 2002 is rung").containsExactly("2002");
        timers.advance(Duration.ofSeconds(5)); // 2002 misses; 2001 is still busy
        timers.advance(Duration.ofSeconds(5));
        assertThat(dialer.numbers()).containsOnly("2002");

        busy.callEnded("2001", "direct-1@10.0.0.9");
        timers.advance(Duration.ofSeconds(5));

        assertThat(dialer.numbers()).contains("2001");
        assertThat(agents.get("2001").misses()).as("never counted a miss while busy").isZero();
    }

    @Test
    void ringallSkipsTheAgentsOnADirectCall() {
        login("2001", "2002", "2003");
        busy.callStarted("2002", "direct-1");
        start(queue().strategy(QueueStrategy.RINGALL).members("2001", "2002", "2003"));

        join("c1", "5551001", "Alice");

        assertThat(dialer.numbers()).containsExactly("2001", "2003");
        assertThat(agents.get("2002").status()).isEqualTo(AgentStatus.AVAILABLE);
    }

    @Test
    void aQueueThatOffersBusyAgentsRingsAnAgentOnADirectCall() {
        login("2001");
        busy.callStarted("2001", "direct-1");
        start(queue().offerBusyAgents(true).members("2001"));

        join("c1", "5551001", "Alice");

        assertThat(dialer.numbers()).containsExactly("2001");
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.RINGING);
    }

    // ---- one record per caller ----

    @Test
    void aCallerJoinedToAnAgentLeavesARecordWithTheAgentTheWaitAndSignalingsCallId() {
        login("2001");
        start(queue().members("2001"));
        FakeWorkerCall alice = joinFromSignaling("c1", "sig-1@10.0.0.1", "5551001");
        clock.advance(Duration.ofSeconds(4));
        dialer.last("2001").answered();
        assertThat(records).as("not before the join is done").isEmpty();

        alice.transferSucceeds();

        QueueCallRecord r = onlyRecord();
        assertThat(r.outcome()).isEqualTo(QueueCallOutcome.ANSWERED);
        assertThat(r.queue()).isEqualTo(QUEUE);
        assertThat(r.caller()).isEqualTo("5551001");
        assertThat(r.agent()).isEqualTo("2001");
        assertThat(r.joinedAt()).isEqualTo(START);
        assertThat(r.endedAt()).isEqualTo(START + 4_000);
        assertThat(r.waitMillis()).isEqualTo(4_000);
        assertThat(r.callId()).isEqualTo("sig-1@10.0.0.1");
        assertThat(r.agentCallId()).as("the agent is joined into the caller's call").isEqualTo("sig-1@10.0.0.1");
        assertThat(r.callback()).isFalse();
        assertThat(r.destination()).isEmpty();
        assertThat(r.node()).isEqualTo("queue-test");
        assertThat(r.id()).isNotBlank();
    }

    @Test
    void withoutSignalingsCallIdTheRecordNamesTheCallerByTheQueueNodesCallId() {
        login("2001");
        start(queue().members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        dialer.last("2001").answered();
        alice.transferSucceeds();

        assertThat(onlyRecord().callId()).isEqualTo("c1");
    }

    @Test
    void aFailedJoinLeavesNoRecordUntilTheCallerIsJoinedToTheNextAgent() {
        login("2001", "2002");
        start(queue().strategy(QueueStrategy.LINEAR).members("2001", "2002"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        dialer.last("2001").answered();
        alice.transferFails("sipfrag 481");
        assertThat(records).isEmpty();

        dialer.last("2002").answered();
        alice.transferSucceeds();

        assertThat(onlyRecord().agent()).isEqualTo("2002");
    }

    @Test
    void aCallerHandedToAnotherQueueNodeLeavesNoRecordHereForTheNodeThatTakesItWritesIt() {
        login("2001");
        start(queue().members("2001"));
        agents.pause("2001", "lunch"); // so the caller waits rather than being offered
        FakeWorkerCall alice = joinFromSignaling("c1", "sig-1", "5551001");
        clock.advance(Duration.ofSeconds(4));

        alice.nodeHandsOver();

        assertThat(records).isEmpty();
        assertThat(stats().abandoned()).isZero();
    }

    @Test
    void aCallerWhoHangsUpWhileWaitingLeavesAnAbandonedRecord() {
        login("2001");
        start(queue().members("2001"));
        FakeWorkerCall alice = joinFromSignaling("c1", "sig-1", "5551001");
        clock.advance(Duration.ofSeconds(7));

        alice.callerHangsUp();

        QueueCallRecord r = onlyRecord();
        assertThat(r.outcome()).isEqualTo(QueueCallOutcome.ABANDONED);
        assertThat(r.waitMillis()).isEqualTo(7_000);
        assertThat(r.agent()).isEmpty();
        assertThat(r.agentCallId()).isEmpty();
        assertThat(r.callId()).isEqualTo("sig-1");
    }

    @Test
    void aCallerSentAwayAtMaxWaitLeavesATimeoutRecordWithItsDestinationOnceItIsGone() {
        start(queue().maxWait(30).timeoutDestination("7000").members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(30));
        assertThat(records).as("still ours until the transfer is done").isEmpty();

        alice.transferSucceeds();

        QueueCallRecord r = onlyRecord();
        assertThat(r.outcome()).isEqualTo(QueueCallOutcome.TIMEOUT);
        assertThat(r.destination()).isEqualTo("7000");
        assertThat(r.waitMillis()).isEqualTo(30_000);
    }

    @Test
    void aCallerWhoCannotBeSentAwayAtMaxWaitStillLeavesOneTimeoutRecord() {
        start(queue().maxWait(5).timeoutDestination("7000").members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(5));

        alice.transferFails("sipfrag 404"); // hung up instead

        assertThat(alice.ended()).isEqualTo(CallEnd.HUNG_UP);
        assertThat(onlyRecord().outcome()).isEqualTo(QueueCallOutcome.TIMEOUT);
    }

    @Test
    void theExitKeyLeavesAnExitKeyRecord() {
        start(queue().exitKey("*").exitDestination("7002").members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        alice.press('*');
        alice.transferSucceeds();

        QueueCallRecord r = onlyRecord();
        assertThat(r.outcome()).isEqualTo(QueueCallOutcome.EXIT_KEY);
        assertThat(r.destination()).isEqualTo("7002");
    }

    @Test
    void aCallerTurnedAwayByAFullQueueLeavesAFullRecordAtOnce() {
        start(queue().maxCallers(1).fullDestination("7001").members("2001"));
        join("c1", "5551001", "Alice");

        FakeWorkerCall bob = joinFromSignaling("c2", "sig-2", "5551002");
        assertThat(records).hasSize(1);
        bob.transferSucceeds();

        QueueCallRecord r = onlyRecord();
        assertThat(r.outcome()).isEqualTo(QueueCallOutcome.FULL);
        assertThat(r.caller()).isEqualTo("5551002");
        assertThat(r.destination()).isEqualTo("7001");
        assertThat(r.waitMillis()).isZero();
        assertThat(r.callId()).isEqualTo("sig-2");
    }

    @Test
    void aQueueWithoutAgentsLeavesEmptyRecordsOnArrivalAndWhenTheLastAgentLeaves() {
        start(queue().joinEmpty(false).fullDestination("7001").members("2001"));
        join("c1", "5551001", "Alice");
        assertThat(onlyRecord().outcome()).isEqualTo(QueueCallOutcome.EMPTY);
        runtime.stop();
        timers.settle();
        records.clear();

        login("2001");
        agents.pause("2001", "lunch");
        start(queue().leaveWhenEmpty(true).fullDestination("7001").members("2001"));
        FakeWorkerCall bob = join("c2", "5551002", "Bob");
        agents.logout("2001");
        timers.advance(Duration.ofSeconds(1));
        bob.transferSucceeds();

        QueueCallRecord r = onlyRecord();
        assertThat(r.outcome()).isEqualTo(QueueCallOutcome.EMPTY);
        assertThat(r.destination()).isEqualTo("7001");
        assertThat(r.caller()).isEqualTo("5551002");
    }

    @Test
    void anAnsweredCallbackLeavesOneRecordLinkedToTheCallPlacedToTheCaller() {
        login("2001");
        agents.pause("2001", "lunch");
        start(queue().callbackAfter(5).members("2001"));
        FakeWorkerCall alice = joinFromSignaling("c1", "sig-1", "5551001");
        timers.advance(Duration.ofSeconds(5));
        alice.press('1');
        alice.promptFinished();
        assertThat(alice.ended()).isEqualTo(CallEnd.HUNG_UP);
        assertThat(records).as("it keeps its place: still on the line").isEmpty();

        agents.unpause("2001");
        timers.advance(Duration.ofSeconds(1));
        FakeDialedCall agentCall = dialer.last("2001");
        agentCall.answered();
        FakeDialedCall callback = dialer.last("5551001");
        callback.answered();
        callback.transferred();

        QueueCallRecord r = onlyRecord();
        assertThat(r.outcome()).isEqualTo(QueueCallOutcome.ANSWERED);
        assertThat(r.callback()).isTrue();
        assertThat(r.agent()).isEqualTo("2001");
        assertThat(r.callId()).isEqualTo("sig-1");
        assertThat(r.agentCallId()).as("the agent was joined into the call back").isEqualTo(callback.callId());
        assertThat(r.waitMillis()).isEqualTo(6_000);
    }

    @Test
    void aCallbackGivenUpLeavesACallbackGivenUpRecord() {
        login("2001");
        agents.pause("2001", "lunch");
        start(queue().callbackAfter(5).callbackRetries(0).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(5));
        alice.press('1');
        alice.promptFinished();
        agents.unpause("2001");
        timers.advance(Duration.ofSeconds(1));
        dialer.last("2001").answered();

        dialer.last("5551001").failed(486, "Busy Here");

        QueueCallRecord r = onlyRecord();
        assertThat(r.outcome()).isEqualTo(QueueCallOutcome.CALLBACK_GIVEN_UP);
        assertThat(r.callback()).isTrue();
        assertThat(r.agent()).isEmpty();
    }

    @Test
    void callersOfAQueueGivenUpLeaveShutdownRecordsAndAWaitingCallbackIsNotLostSilently() {
        login("2001");
        agents.pause("2001", "lunch");
        start(queue().callbackAfter(5).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(5));
        alice.press('1');
        alice.promptFinished();
        FakeWorkerCall bob = join("c2", "5551002", "Bob");

        runtime.stop(true); // the queue was deleted
        timers.settle();
        bob.nodeShutsDown();

        assertThat(records).extracting(QueueCallRecord::caller, QueueCallRecord::outcome, QueueCallRecord::callback)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("5551001", QueueCallOutcome.SHUTDOWN, true),
                        org.assertj.core.groups.Tuple.tuple("5551002", QueueCallOutcome.SHUTDOWN, false));
        FakeWorkerCall late = join("c3", "5551003", "Carol");
        assertThat(late.ended()).isEqualTo(CallEnd.HUNG_UP);
        assertThat(records).last().extracting(QueueCallRecord::outcome).isEqualTo(QueueCallOutcome.SHUTDOWN);
        assertThat(records).hasSize(3);
    }

    @Test
    void aCallbackWaitingWhenItsNodeGivesTheQueueUpIsMadeInItsPlaceByTheNodeThatTakesItOver() {
        login("2001");
        agents.pause("2001", "lunch");
        start(queue().callbackAfter(5).members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        timers.advance(Duration.ofSeconds(1));
        FakeWorkerCall bob = join("c2", "5551002", "Bob");
        timers.advance(Duration.ofSeconds(4)); // Alice has waited 5 s
        alice.press('1');
        alice.promptFinished();
        assertThat(ctx.callbacks().of(QUEUE)).extracting(PendingCallback::number).containsExactly("5551001");

        runtime.stop(); // this node gives the queue up (shutting down, or another node claimed it)
        timers.settle();
        bob.nodeShutsDown();
        assertThat(records).extracting(QueueCallRecord::caller).as("no record of the callback: it is not over")
                .containsExactly("5551002");

        start(queue().callbackAfter(5).members("2001")); // the node that takes the queue over
        timers.settle();
        agents.unpause("2001");
        timers.advance(Duration.ofSeconds(1));
        FakeDialedCall agentCall = dialer.last("2001");
        assertThat(agentCall.dial().fromDisplay()).isEqualTo("Callback 5551001 [sales]");
        agentCall.answered();
        FakeDialedCall callback = dialer.last("5551001");
        callback.answered();
        callback.transferred();
        assertThat(ctx.callbacks().of(QUEUE)).as("made: forgotten in the cluster").isEmpty();
        assertThat(records).extracting(QueueCallRecord::caller, QueueCallRecord::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("5551002", QueueCallOutcome.SHUTDOWN),
                        org.assertj.core.groups.Tuple.tuple("5551001", QueueCallOutcome.ANSWERED));
    }

    @Test
    void aRecordThatCannotBePublishedDoesNotStopTheQueue() {
        ctx = new QueueContext("queue-test", dialer, agents, busy, board, r -> {
            throw new IllegalStateException("no cluster");
        }, new AgentPicker(), timers, clock, new Random(7), meters);
        login("2001");
        start(queue().members("2001"));
        FakeWorkerCall alice = join("c1", "5551001", "Alice");
        alice.callerHangsUp();

        FakeWorkerCall bob = join("c2", "5551002", "Bob");

        assertThat(dialer.last("2001").dial().fromUser()).isEqualTo("5551002");
        assertThat(bob.ended()).isNull();
    }

    // ---- the queue given up ----

    @Test
    void aStoppedQueueReleasesTheAgentsItRingsAndTurnsNewCallersAway() {
        login("2001");
        start(queue().members("2001"));
        join("c1", "5551001", "Alice");

        runtime.stop();
        timers.settle();

        assertThat(dialer.last("2001").hungUpByUs()).isTrue();
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(board.get(QUEUE)).isEmpty();
        FakeWorkerCall bob = join("c2", "5551002", "Bob");
        assertThat(bob.ended()).isEqualTo(CallEnd.HUNG_UP);
        assertThat(dialer.numbers()).containsExactly("2001");
    }

    // ---- agent feature codes ----

    @Test
    void theLoginFeatureCodeTogglesTheAgentsLoginAndSaysSo() {
        definitions.publish(queue().members("2001").build());
        AgentFeature login = new AgentFeature(AgentFeatureCodes.LOGIN_TOGGLE_NAME, agents, definitions);

        FakeWorkerCall first = new FakeWorkerCall("f1", "2001", "", timers).open(login);
        first.start();
        assertThat(first.played()).containsExactly(AgentFeature.LOGGED_IN);
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.AVAILABLE);
        first.promptFinished();
        assertThat(first.ended()).isEqualTo(CallEnd.HUNG_UP);

        FakeWorkerCall second = new FakeWorkerCall("f2", "2001", "", timers).open(login);
        second.start();
        assertThat(second.played()).containsExactly(AgentFeature.LOGGED_OUT);
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.LOGGED_OUT);
    }

    @Test
    void thePauseFeatureCodeTogglesThePauseOfALoggedInAgent() {
        definitions.publish(queue().members("2001").build());
        AgentFeature pause = new AgentFeature(AgentFeatureCodes.PAUSE_TOGGLE_NAME, agents, definitions);

        assertThat(pause.apply("2001")).as("logged out: nothing to pause").isEqualTo(AgentFeature.LOGGED_OUT);
        login("2001");
        assertThat(pause.apply("2001")).isEqualTo(AgentFeature.PAUSED);
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.PAUSED);
        assertThat(pause.apply("2001")).isEqualTo(AgentFeature.UNPAUSED);
        assertThat(agents.get("2001").status()).isEqualTo(AgentStatus.AVAILABLE);
    }

    @Test
    void aFeatureCodeDialledByANonMemberChangesNothing() {
        definitions.publish(queue().members("2001").build());
        AgentFeature login = new AgentFeature(AgentFeatureCodes.LOGIN_TOGGLE_NAME, agents, definitions);

        FakeWorkerCall call = new FakeWorkerCall("f1", "3999", "", timers).open(login);
        call.start();

        assertThat(call.played()).containsExactly(AgentFeature.NOT_AN_AGENT);
        assertThat(agents.get("3999").status()).isEqualTo(AgentStatus.LOGGED_OUT);
        assertThat(hz.getMap(QueueAgents.MAP).containsKey("3999")).isFalse();
        assertThat(login.apply("")).as("no caller number").isEqualTo(AgentFeature.NOT_AN_AGENT);
    }

    @Test
    void aFeatureCallWhosePromptNeverEndsIsHungUpAfterItsMaximumLength() {
        definitions.publish(queue().members("2001").build());
        AgentFeature login = new AgentFeature(AgentFeatureCodes.LOGIN_TOGGLE_NAME, agents, definitions);
        FakeWorkerCall call = new FakeWorkerCall("f1", "2001", "", timers).open(login);
        call.start();

        timers.advance(AgentFeature.maxLength());

        assertThat(call.ended()).isEqualTo(CallEnd.HUNG_UP);
    }

    // ---- helpers ----

    private void start(Def def) {
        runtime = new QueueRuntime(def.build(), ctx);
        runtime.start();
    }

    /** A caller whose call was answered and ACKed. */
    private FakeWorkerCall join(String callId, String number, String display) {
        FakeWorkerCall call = new FakeWorkerCall(callId, number, display, timers).open(runtime);
        call.start();
        return call;
    }

    /** A caller whose INVITE carried signaling's id of its call ({@code Switchboard-Call-Id}). */
    private FakeWorkerCall joinFromSignaling(String callId, String signalingCallId, String number) {
        FakeWorkerCall call = new FakeWorkerCall(callId, number, "", timers)
                .withClusterHeader(QueueCallHeaders.CALL_ID, signalingCallId).open(runtime);
        call.start();
        return call;
    }

    /** The one record the queue published. */
    private QueueCallRecord onlyRecord() {
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private void login(String... extensions) {
        for (String e : extensions) {
            agents.login(e);
        }
    }

    /** What signaling does when an agent's queue call ends: wrap-up for {@code wrapUpMillis}. */
    private void endQueueCall(String agent, long wrapUpMillis) {
        long now = clock.millis();
        agents.update(agent, s -> (s.loggedIn() ? s : s.login(now)).callEnded(wrapUpMillis, now));
    }

    /** The figures the queue publishes at its next poll, a second from now. */
    private QueueStats stats() {
        timers.advance(Duration.ofSeconds(1));
        return board.get(QUEUE).orElseThrow();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the queue go on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Def queue() {
        return new Def();
    }

    /** The shipped defaults, with the timed features a test does not ask for turned off. */
    private static final class Def {
        QueueStrategy strategy = QueueStrategy.LINEAR;
        int ringTimeout = 15;
        int maxCallers = 100;
        int maxWait;
        boolean joinEmpty = true;
        boolean leaveWhenEmpty;
        int announcePosition;
        String periodicPrompt = "";
        int periodicEvery;
        int callbackAfter;
        int callbackRetries = 2;
        int autoPauseMisses = 3;
        boolean offerBusyAgents;
        String exitKey = "";
        String exitDestination = "";
        String timeoutDestination = "";
        String fullDestination = "";
        String greeting = "queue-welcome";
        List<String> music = List.of("moh");
        List<QueueMember> members = new ArrayList<>();

        Def strategy(QueueStrategy v) {
            strategy = v;
            return this;
        }

        Def ringTimeout(int v) {
            ringTimeout = v;
            return this;
        }

        Def maxCallers(int v) {
            maxCallers = v;
            return this;
        }

        Def maxWait(int v) {
            maxWait = v;
            return this;
        }

        Def joinEmpty(boolean v) {
            joinEmpty = v;
            return this;
        }

        Def leaveWhenEmpty(boolean v) {
            leaveWhenEmpty = v;
            return this;
        }

        Def announcePosition(int v) {
            announcePosition = v;
            return this;
        }

        Def periodic(String prompt, int every) {
            periodicPrompt = prompt;
            periodicEvery = every;
            return this;
        }

        Def callbackAfter(int v) {
            callbackAfter = v;
            return this;
        }

        Def callbackRetries(int v) {
            callbackRetries = v;
            return this;
        }

        Def autoPauseMisses(int v) {
            autoPauseMisses = v;
            return this;
        }

        Def offerBusyAgents(boolean v) {
            offerBusyAgents = v;
            return this;
        }

        Def exitKey(String v) {
            exitKey = v;
            return this;
        }

        Def exitDestination(String v) {
            exitDestination = v;
            return this;
        }

        Def timeoutDestination(String v) {
            timeoutDestination = v;
            return this;
        }

        Def fullDestination(String v) {
            fullDestination = v;
            return this;
        }

        Def greeting(String v) {
            greeting = v;
            return this;
        }

        Def music(String... v) {
            music = List.of(v);
            return this;
        }

        Def members(String... extensions) {
            for (String e : extensions) {
                members.add(QueueMember.of(e));
            }
            return this;
        }

        QueueDefinition build() {
            QueueDefinition q = new QueueDefinition(QUEUE, QUEUE_NUMBER, strategy, ringTimeout, 10, maxCallers, maxWait,
                    joinEmpty, leaveWhenEmpty, announcePosition, periodicPrompt, periodicEvery, 20, callbackAfter,
                    callbackRetries, 15, autoPauseMisses, offerBusyAgents, exitKey, exitDestination, timeoutDestination,
                    fullDestination, greeting, music, members);
            assertThat(q.problems()).as("a valid queue").isEmpty();
            return q;
        }
    }
}
