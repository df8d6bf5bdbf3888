package io.switchboard.loadtest.phone;

import static io.switchboard.loadtest.phone.PhoneLab.ALICE;
import static io.switchboard.loadtest.phone.PhoneLab.ALICE_HZ;
import static io.switchboard.loadtest.phone.PhoneLab.BOB;
import static io.switchboard.loadtest.phone.PhoneLab.BOB_HZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.common.queue.AgentStatus;
import io.switchboard.loadtest.AdminClient;
import io.switchboard.loadtest.WorkerKeys;
import io.switchboard.queue.QueueServer;
import io.switchboard.queue.QueueSettings;
import io.switchboard.signaling.SignalingServer;
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
 * A call queue with two real soft-phones (Debian's baresip 1.0, default digest settings) through
 * signaling on 127.0.0.41: Alice calls the queue and hears the greeting and music on hold; Bob, the
 * queue's agent, logs in from his phone's keypad by dialling {@code *45} and is offered Alice's call,
 * which his phone answers; the queue node joins them by REFER with Replaces and leaves, and each
 * hears the other's tone through the media node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class BaresipQueueTest {
    private static final Duration SETTLE = Duration.ofSeconds(15);

    PhoneLab lab;
    QueueServer queue;
    SignalingServer server;
    AdminClient admin;
    Baresip alice;
    Baresip bob;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Baresip.require();
        lab = PhoneLab.start(dir, "queue-phones", 43000, 43200, SETTLE);
        server = lab.server;
        admin = lab.admin;
        Map<String, String> keys = WorkerKeys.on(PhoneLab.ADDRESS, "queue", "queue-phones", 43400, 43499, dir.resolve("queue"));
        queue = QueueServer.embedded(QueueSettings.load(keys), "loadtest", System.out, server.hazelcast());
        await().atMost(SETTLE).until(() -> admin.nodes("queue").stream().anyMatch(AdminClient.Node::online));
        // The phones first: a queue's members must be users already.
        alice = lab.alice(dir);
        bob = lab.bob(dir);
        admin.postJson("/api/queues", """
                {"name": "support", "number": "7000", "members": [{"extension": "1002"}]}""");
    }

    @AfterAll
    void stop() {
        PhoneLab.closeAll(alice, bob, queue, lab);
    }

    @Test
    void anAgentLoggedInByStar45IsJoinedToTheWaitingCallerAndTheyHearEachOther() throws Exception {
        awaitRegistered(ALICE);
        awaitRegistered(BOB);
        alice.dial("7000");
        await().atMost(SETTLE).until(() -> queue.host().line("support").size() == 1);
        Thread.sleep(2000); // Alice waits, hearing the greeting

        bob.dial("*45");
        await().atMost(SETTLE).untilAsserted(() -> assertThat(admin.getJson("/api/agents/1002").path("status").asText())
                .as("Bob logged in from his keypad").isIn(AgentStatus.AVAILABLE.label(), AgentStatus.RINGING.label(),
                        AgentStatus.ON_CALL.label()));
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(admin.getJson("/api/agents/1002").path("status").asText()).isEqualTo(AgentStatus.ON_CALL.label());
            assertThat(queue.worker().size()).as("the queue node left the call").isZero();
        });
        Thread.sleep(3000);
        alice.hangUp();
        await().atMost(SETTLE).until(() -> server.calls().activeCalls() == 0);

        Tone.Heard byAlice = Tone.measureTail(alice.lastHeard(), 2.0);
        Tone.Heard byBob = Tone.measureTail(bob.lastHeard(), 2.0);
        assertThat(byAlice.hz()).as("Alice hears Bob: %s", byAlice).isBetween(BOB_HZ - 20.0, BOB_HZ + 20.0);
        assertThat(byBob.hz()).as("Bob hears Alice: %s", byBob).isBetween(ALICE_HZ - 20.0, ALICE_HZ + 20.0);
        assertThat(byBob.rms()).as("Bob hears something: %s", byBob).isGreaterThan(1000);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(admin.getJson("/api/queues/support/stats")
                .path("answered").asLong()).isEqualTo(1));
    }

    private void awaitRegistered(String extension) {
        await().atMost(SETTLE).untilAsserted(() -> assertThat(server.location().lookup(extension).contacts())
                .as("bindings of %s", extension).isNotEmpty());
    }
}
