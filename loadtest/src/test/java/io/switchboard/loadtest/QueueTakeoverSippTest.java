package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.loadtest.AdminClient.Node;
import io.switchboard.media.MediaServer;
import io.switchboard.queue.QueueServer;
import io.switchboard.queue.QueueSettings;
import io.switchboard.queue.call.WaitingCaller;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.directory.ImportReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue node dies (or stops) with callers waiting: signaling, one media node and two queue nodes in
 * this JVM and one Hazelcast cluster. Three SIPp callers (1011, 1012, 1013, one second apart) wait on the
 * queue's host; the host halts as kill -9 would (no BYE, no release, its heartbeat stops). Signaling
 * sees it go offline and offers each caller to the queue again; the other node takes the queue over
 * and the callers are back in the order they first called, their relay legs kept, and each caller's
 * BYE later still reaches the new node. A graceful stop does the same at once: the node goes offline,
 * releases its queues and leaves its callers to signaling without a BYE.
 */
@Timeout(120)
class QueueTakeoverSippTest {
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final String RELAY_PORT = "40[0-9]{3}";
    private static final Map<String, String> CLUSTER = Map.of("cluster.heartbeat", "250ms");

    @Test
    void callersWaitingOnAKilledQueueNodeEndUpOnTheOtherInTheirOrder() throws Exception {
        callersMoveWhenTheHost(QueueServer::halt);
    }

    /** A restart or an upgrade: the host stops gracefully while another queue node runs, and hangs nobody up. */
    @Test
    void callersWaitingOnAQueueNodeThatStopsEndUpOnTheOtherInTheirOrder() throws Exception {
        callersMoveWhenTheHost(QueueServer::close);
    }

    private void callersMoveWhenTheHost(java.util.function.Consumer<QueueServer> stops) throws Exception {
        RequiredTool.require(Sipp.executable().isPresent(),
                "sipp is not on the PATH: install SIPp (Debian/Ubuntu package sip-tester) to run the SIPp flows");
        Path dir = java.nio.file.Files.createTempDirectory("queue-takeover");
        SignalingServer server = LocalSignaling.start(dir.resolve("data"), new HashMap<>(CLUSTER), System.out);
        MediaServer media = null;
        QueueServer first = null;
        QueueServer second = null;
        List<SippProcess> callers = new ArrayList<>();
        try {
            AdminClient admin = new AdminClient(server.httpPort(), server.adminPassword());
            ImportReport report = admin.importUsers(UserCsv.writeUsers(dir.resolve("users.csv"), 1011, 10),
                    Duration.ofSeconds(30));
            assertThat(report.imported()).as("%s", report).isEqualTo(10);
            media = LocalMedia.start("media-t", server.hazelcast(), 40000, 40499, dir.resolve("data-media"), CLUSTER,
                    System.out);
            first = queueNode("queue-1", 42000, dir, server);
            second = queueNode("queue-2", 42200, dir, server);
            await().atMost(SETTLE).until(() -> admin.nodes("queue").stream().filter(Node::online).count() == 2
                    && admin.nodes("media").stream().anyMatch(Node::online));
            // Its only agent never logs in: the callers wait.
            admin.postJson("/api/queues", """
                    {"name": "failover", "number": "7010", "greeting": "", "announcePosition": 0,
                     "members": [{"extension": "1020"}]}""");
            await().atMost(SETTLE).until(() -> server.queueOwners().hostOf("failover").isPresent());
            String hostName = server.queueOwners().hostOf("failover").orElseThrow();
            QueueServer host = hostName.equals("queue-1") ? first : second;
            QueueServer other = host == first ? second : first;

            for (int i = 0; i < 3; i++) {
                String ext = Integer.toString(1011 + i);
                callers.add(SippRuns.start(caller(server, dir, ext), "call-caller-hangs-up.xml", Map.of("relay-port", RELAY_PORT)));
                int waiting = i + 1;
                await().atMost(SETTLE).until(() -> host.host().line("failover").size() == waiting);
                Thread.sleep(300); // distinct join times, one caller after another
            }
            assertThat(numbers(host.host().line("failover"))).containsExactly("1011", "1012", "1013");

            stops.accept(host);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(numbers(other.host().line("failover")))
                    .as("the callers on the surviving node, in their order").containsExactly("1011", "1012", "1013"));
            assertThat(server.queueOwners().hostOf("failover")).contains(other == first ? "queue-1" : "queue-2");
            assertThat(server.calls().activeCalls()).as("no caller was hung up").isEqualTo(3);

            for (SippProcess c : callers) {
                SippResult r = c.await();
                assertThat(r.allSucceeded()).as("the caller's BYE reached the new node: %s", r.describe()).isTrue();
            }
            await().atMost(SETTLE).untilAsserted(() -> {
                assertThat(other.worker().size()).as("sessions on the surviving node").isZero();
                assertThat(server.calls().activeCalls()).isZero();
            });
        } finally {
            for (SippProcess c : callers) {
                c.destroy();
            }
            if (second != null) {
                second.close();
            }
            if (first != null) {
                first.close();
            }
            if (media != null) {
                media.close();
            }
            server.close();
        }
    }

    private static List<String> numbers(List<WaitingCaller> line) {
        return line.stream().map(WaitingCaller::number).toList();
    }

    private static QueueServer queueNode(String name, int rtpMin, Path dir, SignalingServer server) throws Exception {
        Map<String, String> keys = new HashMap<>(CLUSTER);
        keys.put("node.name", name);
        keys.put("node.private-address", Sipp.LOOPBACK);
        keys.put("queue.sip-address", Sipp.LOOPBACK);
        keys.put("queue.sip-port", "0");
        keys.put("queue.rtp-port-min", Integer.toString(rtpMin));
        keys.put("queue.rtp-port-max", Integer.toString(rtpMin + 199));
        keys.put("queue.http-address", Sipp.LOOPBACK);
        keys.put("queue.http-port", "0");
        keys.put("data-dir", dir.resolve("data-" + name).toString());
        keys.put("metrics.jvm", "false");
        return QueueServer.embedded(QueueSettings.load(keys), "loadtest", System.out, server.hazelcast());
    }

    /** A caller waiting 20 s, then hanging up. */
    private static Sipp caller(SignalingServer server, Path dir, String ext) {
        Path inf = UserCsv.writeInjection(dir.resolve("inf-" + ext + ".csv"), Long.parseLong(ext), 1, UserCsv::password);
        Sipp caller = Sipp.scenario(SippScenario.CALLER_HANGS_UP, server.sipPort(), dir.resolve("sipp-" + ext))
                .injection(inf).localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                .key("callee", "7010").pause(Duration.ofSeconds(20)).recvTimeout(Duration.ofSeconds(40))
                .timeout(Duration.ofSeconds(60));
        Sipp.writePcmu(caller.workDir().resolve("rtp.ulaw"));
        return caller;
    }
}
