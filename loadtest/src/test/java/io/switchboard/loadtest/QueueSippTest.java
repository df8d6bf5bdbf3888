package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.queue.AgentStatus;
import io.switchboard.media.MediaServer;
import io.switchboard.media.relay.RelaySession;
import io.switchboard.queue.QueueServer;
import io.switchboard.queue.QueueSettings;
import io.switchboard.signaling.SignalingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue server behind signaling with real SIPp phones: signaling, one media node and one queue
 * node in this JVM and one Hazelcast cluster, on loopback with ephemeral ports. Callers dial a
 * queue's number and hear music on hold from the queue node through the relay; agents are
 * registered SIPp phones rung by the queue node through signaling; the one who answers is joined
 * to the caller by REFER with Replaces (RFC 3891, RFC 5589 §7), after which the queue node holds
 * no session. Queues and agents are made through the admin API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class QueueSippTest {
    private static final int USERS = 20;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final String RELAY_PORT = "40[0-9]{3}";

    Path dir;
    SippLab lab;
    SignalingServer server;
    AdminClient admin;
    MediaServer media;
    QueueServer queue;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        lab = SippLab.start(dir, USERS, 40000, 40499);
        server = lab.server;
        admin = lab.admin;
        media = lab.media;
        Map<String, String> keys = WorkerKeys.loopback("queue", "queue-a", 42000, 42199, dir.resolve("data-queue-a"));
        queue = lab.own(QueueServer.embedded(QueueSettings.load(keys), "loadtest", System.out, server.hazelcast()));
        lab.awaitOnline("queue", 1, SETTLE);
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void callerHearsMusicThenTheAgentWhoAnswersIsJoinedAndTheQueueNodeLeavesTheCall_rfc3891_rfc5589_7() throws Exception {
        admin.postJson("/api/queues", """
                {"name": "support", "number": "7000", "strategy": "linear", "ringTimeout": 10, "wrapUp": 30,
                 "members": [{"extension": "1002", "tier": 1, "weight": 1}]}""");
        int agentPort = register("1002");
        admin.postJson("/api/agents/1002/login", "{}");
        // The agent registers only after the caller has heard music for a while: first the line, then the join.
        SippProcess agent = SippRuns.start(phone("1002", agentPort, "agent-1002").rtpEcho(), "queue-agent-answers.xml",
                Map.of("relay-port", RELAY_PORT, "caller", "1001", "queue", "support"));
        SippRuns.awaitBound(agentPort);

        SippProcess caller = SippRuns.start(caller("7000", "queue-caller", 8000), "call-caller-hangs-up.xml",
                Map.of("relay-port", RELAY_PORT));
        RelaySession session = await().atMost(SETTLE).until(
                () -> media.sessions().all().stream().findFirst().orElse(null), s -> s != null);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(session.callee().stats().rtpPackets())
                .as("music on hold RTP from the queue node").isGreaterThan(10));
        await().atMost(SETTLE).untilAsserted(() -> assertThat(queue.worker().size())
                .as("after the join the queue node holds no session").isZero());
        await().atMost(SETTLE).untilAsserted(() -> assertThat(admin.getJson("/api/agents/1002").path("status").asText())
                .isEqualTo(AgentStatus.ON_CALL.label()));

        SippResult a = caller.await();
        SippResult b = agent.await();
        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(b.allSucceeded()).as(b.describe()).isTrue();
        await().atMost(SETTLE).untilAsserted(() -> assertThat(admin.getJson("/api/agents/1002").path("status").asText())
                .as("wrap-up after the queue call").isEqualTo(AgentStatus.WRAP_UP.label()));
        JsonNode stats = admin.getJson("/api/queues/support/stats");
        assertThat(stats.path("answered").asLong()).as("%s", stats).isEqualTo(1);
        assertNoLeak();
    }

    @Test
    void aDidCallFromAnIpTrunkWaitsInItsQueueAndTheAgentAnswers() throws Exception {
        admin.postJson("/api/queues", """
                {"name": "didq", "number": "7005", "strategy": "linear", "ringTimeout": 10, "wrapUp": 0, "greeting": "",
                 "members": [{"extension": "1012"}]}""");
        admin.postJson("/api/trunks", "{\"name\":\"carrier\",\"kind\":\"ip\",\"host\":\"127.0.0.86\",\"addresses\":[\"127.0.0.86\"]}");
        admin.postJson("/api/dids", "{\"number\":\"+3222005000\",\"destination\":\"7005\"}");
        int agentPort = register("1012");
        admin.postJson("/api/agents/1012/login", "{}");
        SippProcess agent = SippRuns.start(phone("1012", agentPort, "did-agent-1012").rtpEcho(), "queue-agent-answers.xml",
                Map.of("relay-port", RELAY_PORT, "caller", "\\+3227771234", "queue", "didq"));
        SippRuns.awaitBound(agentPort);
        Sipp provider = Sipp.scenario(SippScenario.TRUNK_PROVIDER_CALLS, server.sipPort(), dir.resolve("sipp-did-provider"))
                .address("127.0.0.86").remote(Sipp.LOOPBACK).localPort(Sipp.freeLocalPort(SippTransport.UDP))
                .mediaPort(Sipp.freeMediaPortBlock()).placeholder("did", "3222005000").placeholder("caller", "+3227771234")
                .placeholder("relay-address", "127\\.0\\.0\\.1").recvTimeout(Duration.ofSeconds(15))
                .timeout(Duration.ofSeconds(40)).pause(Duration.ofSeconds(4));
        Sipp.writePcmu(provider.workDir().resolve("rtp.ulaw"));
        SippResult call = provider.run();
        SippResult answered = agent.await();
        assertThat(call.allSucceeded()).as("the provider's call: %s", call.describe()).isTrue();
        assertThat(answered.allSucceeded()).as("the agent answered the DID's caller: %s", answered.describe()).isTrue();
        assertNoLeak();
        assertThat(admin.delete("/api/dids/+3222005000")).isEqualTo(204);
        assertThat(admin.delete("/api/trunks/carrier")).isEqualTo(204);
    }

    @Test
    void anAgentWhoDoesNotAnswerIsCancelledAfterTheRingTimeoutPausedAndTheNextOneAnswers() throws Exception {
        admin.postJson("/api/queues", """
                {"name": "sales", "number": "7001", "strategy": "linear", "ringTimeout": 2, "wrapUp": 0,
                 "autoPauseMisses": 1, "greeting": "",
                 "members": [{"extension": "1003"}, {"extension": "1004"}]}""");
        int missPort = register("1003");
        int answerPort = register("1004");
        admin.postJson("/api/agents/1003/login", "{}");
        admin.postJson("/api/agents/1004/login", "{}");
        SippProcess misses = SippRuns.start(phone("1003", missPort, "agent-1003"), "call-callee-rings-until-cancel.xml",
                Map.of("relay-port", RELAY_PORT));
        SippProcess answers = SippRuns.start(phone("1004", answerPort, "agent-1004").rtpEcho(), "queue-agent-answers.xml",
                Map.of("relay-port", RELAY_PORT, "caller", "1001", "queue", "sales"));
        SippRuns.awaitBound(missPort);
        SippRuns.awaitBound(answerPort);

        SippProcess caller = SippRuns.start(caller("7001", "sales-caller", 8000), "call-caller-hangs-up.xml",
                Map.of("relay-port", RELAY_PORT));
        SippResult a = caller.await();
        SippResult miss = misses.await();
        SippResult b = answers.await();
        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(miss.allSucceeded()).as("1003 rang and was cancelled: %s", miss.describe()).isTrue();
        assertThat(b.allSucceeded()).as(b.describe()).isTrue();
        JsonNode missed = admin.getJson("/api/agents/1003");
        assertThat(missed.path("status").asText()).as("%s", missed).isEqualTo(AgentStatus.PAUSED.label());
        assertThat(missed.path("pauseReason").asText()).isEqualTo("no-answer");
        assertNoLeak();
    }

    @Test
    void aCallerWhoHangsUpWhileWaitingIsCountedAbandoned() throws Exception {
        admin.postJson("/api/queues", """
                {"name": "nobody", "number": "7002", "greeting": "", "members": [{"extension": "1005"}]}""");
        SippResult a = SippRuns.start(caller("7002", "abandon-caller", 3000), "call-caller-hangs-up.xml",
                Map.of("relay-port", RELAY_PORT)).await();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        await().atMost(SETTLE).untilAsserted(() -> {
            JsonNode stats = admin.getJson("/api/queues/nobody/stats");
            assertThat(stats.path("abandoned").asLong()).as("%s", stats).isEqualTo(1);
            assertThat(stats.path("waiting").asLong()).as("%s", stats).isZero();
        });
        assertNoLeak();
    }

    @Test
    void afterTheLongestWaitTheCallerIsSentToTheTimeoutDestination_rfc5589_6() throws Exception {
        admin.postJson("/api/queues", """
                {"name": "overflow", "number": "7003", "maxWait": 2, "timeoutDestination": "1006", "greeting": "",
                 "members": [{"extension": "1007"}]}""");
        int port = register("1006");
        SippProcess overflow = SippRuns.start(phone("1006", port, "overflow-1006").rtpEcho(), "call-callee-answers.xml",
                Map.of("relay-port", RELAY_PORT));
        SippRuns.awaitBound(port);
        SippResult a = SippRuns.start(caller("7003", "overflow-caller", 7000), "call-caller-hangs-up.xml",
                Map.of("relay-port", RELAY_PORT)).await();
        SippResult b = overflow.await();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(b.allSucceeded()).as("1006 got the caller after the queue's longest wait: %s", b.describe()).isTrue();
        await().atMost(SETTLE).untilAsserted(() -> assertThat(admin.getJson("/api/queues/overflow/stats").path("exited")
                .asLong()).isEqualTo(1));
        assertNoLeak();
    }

    @Test
    void aCallerWhoAsksForACallbackHangsUpAndIsCalledBackAndJoinedWhenAnAgentIsFree() throws Exception {
        admin.postJson("/api/queues", """
                {"name": "callback", "number": "7004", "greeting": "", "callbackAfter": 2, "wrapUp": 0,
                 "members": [{"extension": "1009"}]}""");
        // The caller's phone, registered, answers the callback and hangs up after talking a while.
        int callerPhone = register("1008");
        SippProcess calledBack = SippRuns.start(phone("1008", callerPhone, "callback-1008").pause(Duration.ofSeconds(3)),
                "call-callee-hangs-up.xml", Map.of("relay-port", RELAY_PORT));
        SippRuns.awaitBound(callerPhone);
        // From another port: waits past the offer (2 s), presses 1 as SIP INFO, hangs up.
        Path inf = UserCsv.writeInjection(dir.resolve("inf-1008.csv"), 1008, 1, UserCsv::password);
        Sipp asks = Sipp.scenario(SippScenario.CALLER_HANGS_UP, server.sipPort(), dir.resolve("sipp-callback-asks"))
                .injection(inf).localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                .key("callee", "7004").recvTimeout(Duration.ofSeconds(30)).timeout(RUN_TIMEOUT);
        Sipp.writePcmu(asks.workDir().resolve("rtp.ulaw"));
        SippResult a = SippRuns.start(asks, "ivr-caller-presses-key.xml",
                Map.of("relay-port", RELAY_PORT, "key", "1", "before-key", "3000", "after-key", "500")).await();
        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        await().atMost(SETTLE).untilAsserted(() -> assertThat(queue.host().line("callback"))
                .as("the callback keeps its place with nobody on the line").singleElement()
                .satisfies(c -> assertThat(c.callback()).isTrue()));
        assertThat(server.calls().activeCalls()).as("the caller hung up").isZero();

        int agentPort = register("1009");
        SippProcess agent = SippRuns.start(phone("1009", agentPort, "agent-1009").rtpEcho(), "queue-agent-answers.xml",
                Map.of("relay-port", RELAY_PORT, "caller", "1008", "queue", "callback"));
        SippRuns.awaitBound(agentPort);
        admin.postJson("/api/agents/1009/login", "{}");

        SippResult back = calledBack.await();
        SippResult b = agent.await();
        assertThat(back.allSucceeded()).as("1008 was called back: %s", back.describe()).isTrue();
        assertThat(b.allSucceeded()).as("the agent was joined to the called-back caller: %s", b.describe()).isTrue();
        await().atMost(SETTLE).untilAsserted(() -> assertThat(admin.getJson("/api/queues/callback/stats")
                .path("answered").asLong()).isEqualTo(1));
        assertNoLeak();
    }

    // ---- helpers ----

    private void assertNoLeak() {
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(queue.worker().size()).as("queue sessions").isZero();
            assertThat(server.calls().activeCalls()).as("active calls").isZero();
            assertThat(media.sessions().size()).as("relay sessions").isZero();
        });
    }

    private int register(String ext) {
        return SippRuns.register(server, dir, ext, RUN_TIMEOUT);
    }

    private Sipp phone(String ext, int port, String name) {
        return Sipp.scenario(SippScenario.CALLEE_ANSWERS, server.sipPort(), dir.resolve("sipp-" + name))
                .localPort(port).mediaPort(Sipp.freeMediaPortBlock()).key("callee", ext)
                .recvTimeout(Duration.ofSeconds(30)).timeout(RUN_TIMEOUT);
    }

    /** The caller 1001 streaming PCMU from the answer on, hanging up after {@code millis}. */
    private Sipp caller(String number, String name, long millis) {
        Path inf = dir.resolve("inf-caller.csv");
        if (!Files.exists(inf)) {
            UserCsv.writeInjection(inf, 1001, 1, UserCsv::password);
        }
        Sipp caller = Sipp.scenario(SippScenario.CALLER_HANGS_UP, server.sipPort(), dir.resolve("sipp-" + name))
                .injection(inf).localPort(Sipp.freeLocalPort(SippTransport.UDP))
                .mediaPort(Sipp.freeMediaPortBlock()).key("callee", number).pause(Duration.ofMillis(millis))
                .recvTimeout(Duration.ofSeconds(30)).timeout(RUN_TIMEOUT);
        Sipp.writePcmu(caller.workDir().resolve("rtp.ulaw"));
        return caller;
    }
}
