package io.switchboard.signaling.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.queue.AgentStatus;
import io.switchboard.common.queue.BusyAgents;
import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.common.queue.QueueMaps;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.signaling.call.AnsweredCall;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What signaling records of answered calls for the queues ({@code CallControl}'s answered-call hooks as
 * {@code SignalingServer} wires them): agents on a call in {@code agent-calls}, and the wrap-up of an
 * agent whose queue call ended. A real Hazelcast member; the executor's tasks run when the test says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentBusyCallsTest {
    private HazelcastInstance hz;
    private QueueDefinitions queues;
    private BusyAgents busy;
    private QueueAgents agents;
    /** The queue-work executor: tasks wait here until {@link #runQueueWork()}. */
    private final List<Runnable> queueWork = new ArrayList<>();
    private final Executor executor = queueWork::add;
    private AgentBusyCalls busyCalls;
    private AgentCallEnds wrapUps;

    @BeforeAll
    void startCluster() {
        Config config = new Config();
        config.setClusterName("agent-busy-calls-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getNetworkConfig().setPort(5931).setPortAutoIncrement(true);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        QueueMaps.configure(config);
        hz = Hazelcast.newHazelcastInstance(config);
        queues = new QueueDefinitions(hz);
        busy = new BusyAgents(hz);
        agents = new QueueAgents(hz, Clock.systemUTC());
        // Published once: a definition's entry events reach the local copy later, and would undo a newer one.
        queues.publish(QueueDefinition.defaults("sales", "7100")
                .withMembers(List.of(QueueMember.of("2001"), QueueMember.of("2002"))));
    }

    @AfterAll
    void stopCluster() {
        hz.getLifecycleService().terminate();
    }

    @BeforeEach
    void fresh() {
        hz.getMap(BusyAgents.MAP).clear();
        hz.getMap(QueueAgents.MAP).clear();
        queueWork.clear();
        busyCalls = new AgentBusyCalls(queues, busy, executor);
        wrapUps = new AgentCallEnds(queues, agents, executor);
    }

    @Test
    void anAnsweredCallOfAnAgentMakesItBusyUntilTheCallEnds() {
        started("call-1", "1001", "2001");
        assertThat(busy.busyAmong(List.of("2001"))).as("written off the call's loop").isEmpty();
        runQueueWork();
        assertThat(busy.callsOf("2001")).containsExactly("call-1");

        ended("call-1", "1001", "2001", false);
        runQueueWork();

        assertThat(busy.busyAmong(List.of("2001", "2002"))).isEmpty();
    }

    @Test
    void callsBetweenNonAgentsWriteNothing() {
        started("call-1", "1001", "1002");
        ended("call-1", "1001", "1002", false);

        assertThat(queueWork).isEmpty();
        assertThat(busy.all()).isEmpty();
    }

    @Test
    void anAgentTransferredIntoACallIsBusyAndEveryAgentRecordedIsFreedAtTheEnd() {
        started("call-1", "2001", "1001");
        started("call-1", "1001", "2002"); // 2001 transferred 1001 to agent 2002
        runQueueWork();
        assertThat(busy.busyAmong(List.of("2001", "2002"))).containsExactlyInAnyOrder("2001", "2002");

        ended("call-1", "1001", "2002", false);
        runQueueWork();

        assertThat(busy.all()).as("2001 too, who left the call by the transfer").isEmpty();
    }

    @Test
    void aQueueNodesCallToAnAgentIsFreedWhenItEndsAfterTheJoinThoughItGaveItsLegAway() {
        // Y: the queue node rings agent 2001 from the caller's number; the agent answers.
        started("queue-leg-y", "5551001", "2001");
        agents.login("2001");
        agents.update("2001", s -> s.connected("sales/c1", agents.now()));
        // The join: the caller's call X now has the agent as its callee; Y gave its agent leg to X.
        started("caller-x", "5551001", "2001");
        ended("queue-leg-y", "5551001", "2001", true);
        runQueueWork();

        assertThat(busy.callsOf("2001")).as("on the caller's call only").containsExactly("caller-x");
        assertThat(agents.get("2001").status()).as("no wrap-up for the leg given away").isEqualTo(AgentStatus.ON_CALL);

        ended("caller-x", "5551001", "2001", false);
        runQueueWork();

        assertThat(busy.all()).isEmpty();
        assertThat(agents.get("2001").status()).as("wrap-up once the conversation ended").isEqualTo(AgentStatus.WRAP_UP);
    }

    @Test
    void anAgentWhoLeftItsQueueDuringTheCallIsStillFreedAtTheEnd() {
        queues.publish(QueueDefinition.defaults("solo", "7109").withMembers(List.of(QueueMember.of("2009"))));
        started("call-1", "1001", "2009");
        runQueueWork();
        assertThat(busy.callsOf("2009")).containsExactly("call-1");
        queues.withdraw("solo");
        // The local copy follows entry events: the publish's may come after the withdrawal's local effect.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(queues.ofAgent("2009")).isEmpty());

        ended("call-1", "1001", "2009", false);
        runQueueWork();

        assertThat(busy.all()).isEmpty();
    }

    @Test
    void aCallTakenOverFromAnotherMemberIsFreedForItsCurrentAgents() {
        busy.callStarted("2001", "call-1"); // recorded by a member that is gone

        ended("call-1", "1001", "2001", false);
        runQueueWork();

        assertThat(busy.all()).isEmpty();
    }

    @Test
    void theSweepRemovesWhatALostMemberLeftBehindAtItsSecondLookAndKeepsLiveCalls() {
        busy.callStarted("2001", "lost-call");
        busy.callStarted("2002", "live-call");
        started("mine", "1001", "2002"); // this member's, not yet written
        runQueueWork();
        Set<String> live = Set.of("live-call");

        busyCalls.sweep(live::contains);
        assertThat(busy.callsOf("2001")).as("a call may not be listed yet: not at the first look").contains("lost-call");
        busyCalls.sweep(live::contains);

        assertThat(busy.callsOf("2001")).isEmpty();
        assertThat(busy.callsOf("2002")).containsExactlyInAnyOrder("live-call", "mine");
    }

    private void started(String callId, String caller, String callee) {
        busyCalls.started(new AnsweredCall(callId, caller, callee, false));
    }

    /** As SignalingServer wires the end: the busy entry first, then the wrap-up. */
    private void ended(String callId, String caller, String callee, boolean gaveALegAway) {
        AnsweredCall call = new AnsweredCall(callId, caller, callee, gaveALegAway);
        busyCalls.ended(call);
        wrapUps.accept(call);
    }

    private void runQueueWork() {
        List<Runnable> tasks = List.copyOf(queueWork);
        queueWork.clear();
        tasks.forEach(Runnable::run);
    }
}
