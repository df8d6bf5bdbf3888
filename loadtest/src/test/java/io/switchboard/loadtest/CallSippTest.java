package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.loadtest.AdminClient.CallDetail;
import io.switchboard.loadtest.AdminClient.Node;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.media.MediaServer;
import io.switchboard.media.relay.LegStats;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.call.CallRecord;
import io.switchboard.signaling.call.CallState;
import io.switchboard.signaling.call.CallStore;
import io.switchboard.signaling.directory.ImportReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole calls through the B2BUA with real SIPp phones on both sides and a real media node relaying
 * the RTP: signaling and media run in this JVM in one Hazelcast cluster of their own, on loopback
 * with ephemeral ports. The callee registers with one SIPp run, then a UAS run on the same port
 * answers; the caller is a UAC run that answers the 407 first. Every test calls its own callee,
 * so no binding left by one test forks another's call, and every test ends by proving nothing
 * leaked: no live call, no relay session, and a CDR with the expected disposition.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class CallSippTest {
    private static final String CALLER = "1001";
    private static final long FIRST_USER = 1001;
    private static final int USERS = 20;
    /** Signaling gives up ringing after this (the shortest call.no-answer-timeout allowed). */
    private static final Duration NO_ANSWER = Duration.ofSeconds(5);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SETTLE = Duration.ofSeconds(10);
    /** Relay ports of the two media nodes: 40000-40499 and 40500-40999; SDP must show one of them. */
    private static final String RELAY_PORT = "40[0-9]{3}";
    private static final Map<String, String> CLUSTER = Map.of("cluster.heartbeat", "250ms");

    Path dir;
    SignalingServer server;
    AdminClient admin;
    MediaServer media;
    /** Final per-leg counters of every relay session removed, by Call-ID. */
    final Map<String, LegStats[]> relayed = new ConcurrentHashMap<>();
    /** SIPp media ports (-mp): each run takes four (RTP echo uses port and port + 2). */

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        io.switchboard.loadtest.RequiredTool.require(Sipp.executable().isPresent(),
                "sipp is not on the PATH: install SIPp (Debian/Ubuntu package sip-tester) to run the SIPp flows");
        Map<String, String> keys = new HashMap<>(CLUSTER);
        keys.put("call.no-answer-timeout", NO_ANSWER.toSeconds() + "s");
        server = LocalSignaling.start(dir.resolve("data"), keys, System.out);
        admin = new AdminClient(server.httpPort(), server.adminPassword());
        ImportReport report = admin.importUsers(
                UserCsv.writeUsers(dir.resolve("users.csv"), FIRST_USER, USERS), Duration.ofSeconds(30));
        assertThat(report.imported()).as("%s", report).isEqualTo(USERS);
        media = startMedia("media-a", 40000, 40499);
        awaitMediaOnline("media-a");
    }

    @AfterAll
    void stop() {
        if (media != null) {
            media.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answeredCallRelaysRtpBothWaysAndCallerHangsUp_rfc3261_15_1() throws Exception {
        int port = register("1002");
        SippProcess callee = callee(SippScenario.CALLEE_ANSWERS, "1002", port, "basic-callee").rtpEcho().start();
        SippRuns.awaitBound(port);
        SippResult a = callerWithRtp("1002", "basic-caller").run();
        SippResult b = callee.await();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(b.allSucceeded()).as(b.describe()).isTrue();
        CallDetail cdr = assertNoLeakAndCdr("1002", "ANSWERED", 200);
        assertThat(cdr.endedBy()).isEqualTo("caller");
        // The callee only echoes what reached it, and it only knows the relay's address: packets from
        // the callee's endpoint prove the caller's RTP went caller -> relay -> callee and back.
        LegStats[] legs = relayed.get(cdr.callId());
        assertThat(legs).as("relay session of %s removed", cdr.callId()).isNotNull();
        assertThat(legs[0].rtpPackets()).as("RTP from the caller").isGreaterThan(10);
        assertThat(legs[1].rtpPackets()).as("RTP echoed by the callee through the relay").isGreaterThan(10);
    }

    @Test
    void inviteWithReplacesTakesTheCalleesPlaceAndTheCalleeGetsBye_rfc3891_3() throws Exception {
        int port = register("1016");
        SippProcess replaced = callee(SippScenario.CALLEE_ANSWERS, "1016", port, "replaced-callee").start();
        SippRuns.awaitBound(port);
        Sipp callerRun = caller(SippScenario.CALLER_HANGS_UP, "1016", "replaces-caller").pause(Duration.ofSeconds(4));
        Sipp.writePcmu(callerRun.workDir().resolve("rtp.ulaw"));
        SippProcess caller = callerRun.start();
        CallStore store = new CallStore(server.hazelcast());
        CallRecord call = await().atMost(SETTLE).until(() -> store.all().stream()
                .filter(c -> c.state() == CallState.ANSWERED && "1016".equals(c.callee()) && c.legB() != null).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        // Our dialog with 1016 as a newcomer would name it: our tag is the to-tag (we receive the INVITE).
        String replaces = call.legB().callId() + ";to-tag=" + call.legB().localTag() + ";from-tag=" + call.legB().remoteTag();
        Path inf = dir.resolve("inf-1017.csv");
        UserCsv.writeInjection(inf, 1017, 1, UserCsv::password);
        Sipp newcomerRun = Sipp.scenario(SippScenario.NEWCOMER_REPLACES, server.sipPort(), dir.resolve("sipp-newcomer"))
                .injection(inf).localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                .key("callee", "1016").key("replaces", replaces).placeholder("relay-port", RELAY_PORT)
                .recvTimeout(Duration.ofSeconds(15)).timeout(RUN_TIMEOUT);
        Sipp.writePcmu(newcomerRun.workDir().resolve("rtp.ulaw"));
        SippResult n = newcomerRun.run();
        SippResult a = caller.await();
        SippResult b = replaced.await();

        assertThat(b.allSucceeded()).as("the replaced callee got its BYE: %s", b.describe()).isTrue();
        assertThat(n.allSucceeded()).as(n.describe()).isTrue();
        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        CallDetail cdr = assertNoLeakAndCdr("1017", "ANSWERED", 200);
        assertThat(cdr.endedBy()).isEqualTo("caller");
        LegStats[] legs = relayed.get(cdr.callId());
        assertThat(legs[1].rtpPackets()).as("RTP from the newcomer through the port that faced 1016").isGreaterThan(10);
    }

    @Test
    void calleeHangsUpAndCallerGetsBye_rfc3261_15_1() throws Exception {
        int port = register("1003");
        SippProcess callee = callee(SippScenario.CALLEE_HANGS_UP, "1003", port, "callee-bye-callee")
                .pause(Duration.ofMillis(500)).start();
        SippRuns.awaitBound(port);

        SippResult a = caller(SippScenario.CALLER_AWAITS_BYE, "1003", "callee-bye-caller").run();
        SippResult b = callee.await();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(b.allSucceeded()).as(b.describe()).isTrue();
        assertThat(assertNoLeakAndCdr("1003", "ANSWERED", 200).endedBy()).isEqualTo("callee");
    }

    @Test
    void cancelWhileRingingGets487AndCancelsTheCallee_rfc3261_9() throws Exception {
        int port = register("1004");
        SippProcess callee = callee(SippScenario.CALLEE_RINGS_UNTIL_CANCEL, "1004", port, "cancel-callee").start();
        SippRuns.awaitBound(port);

        SippResult a = caller(SippScenario.CALLER_CANCELS, "1004", "cancel-caller").run();
        SippResult b = callee.await();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(b.allSucceeded()).as(b.describe()).isTrue();
        assertThat(assertNoLeakAndCdr("1004", "CANCELLED", 487).endedBy()).isEqualTo("caller");
    }

    /**
     * A queue server ringing an agent has no digest credentials: an INVITE from the SIP endpoint an
     * online worker publishes in the registry is routed without a 407, and the same INVITE from any
     * other port is still challenged (docs/ARCHITECTURE.md "Who may skip the challenge").
     */
    @Test
    void inviteFromAClusterWorkersSipEndpointIsNotChallenged() throws Exception {
        int agent = register("1015");
        int workerPort = Sipp.freeLocalPort(SippTransport.UDP);
        NodeStatus queue = new NodeStatus("queue-test", "queue", Sipp.LOOPBACK, "", Map.of("sip", workerPort), "test",
                0, 100, System.currentTimeMillis(), 0, 250, false);
        try (NodeRegistry published = new NodeRegistry(server.hazelcast(), queue, () -> 0).start()) {
            await().atMost(SETTLE).until(() -> admin.nodes("queue").stream().anyMatch(Node::online));
            SippProcess callee = callee(SippScenario.CALLEE_ANSWERS, "1015", agent, "worker-callee").start();
            SippRuns.awaitBound(agent);

            SippResult w = Sipp.scenario(SippScenario.WORKER_RINGS_AGENT, server.sipPort(), dir.resolve("sipp-worker"))
                    .localPort(workerPort).mediaPort(Sipp.freeMediaPortBlock())
                    .key("callee", "1015").key("worker", "7000")
                    .recvTimeout(Duration.ofSeconds(15)).timeout(RUN_TIMEOUT).run();
            SippResult b = callee.await();

            assertThat(w.allSucceeded()).as(w.describe()).isTrue();
            assertThat(b.allSucceeded()).as(b.describe()).isTrue();
            assertNoLeakAndCdr("7000", "1015", "ANSWERED", 200);

            SippResult stranger = Sipp.scenario(SippScenario.WORKER_RINGS_AGENT, server.sipPort(), dir.resolve("sipp-stranger"))
                    .localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                    .key("callee", "1015").key("worker", "7000")
                    .recvTimeout(Duration.ofSeconds(5)).timeout(RUN_TIMEOUT).run();
            assertThat(stranger.allSucceeded()).as("another port is challenged: %s", stranger.describe()).isFalse();
        }
    }

    @Test
    void busyCalleeGivesCaller486_rfc3261_16_7() throws Exception {
        int port = register("1006");
        SippProcess callee = callee(SippScenario.CALLEE_BUSY, "1006", port, "busy-callee").start();
        SippRuns.awaitBound(port);

        SippResult a = caller(SippScenario.CALLER_REJECTED, "1006", "busy-caller").placeholder("status", "486").run();
        SippResult b = callee.await();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(b.allSucceeded()).as(b.describe()).isTrue();
        assertNoLeakAndCdr("1006", "BUSY", 486);
    }

    @Test
    void unansweredCallGets480AfterTheNoAnswerTimeoutAndTheCalleeIsCancelled() throws Exception {
        int port = register("1007");
        SippProcess callee = callee(SippScenario.CALLEE_RINGS_UNTIL_CANCEL, "1007", port, "no-answer-callee").start();
        SippRuns.awaitBound(port);
        long started = System.nanoTime();

        SippResult a = caller(SippScenario.CALLER_REJECTED, "1007", "no-answer-caller").placeholder("status", "480").run();
        SippResult b = callee.await();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(b.allSucceeded()).as("the callee got a CANCEL: %s", b.describe()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(NO_ANSWER);
        assertThat(assertNoLeakAndCdr("1007", "NO_ANSWER", 480).endedBy()).isEqualTo("system");
    }

    @Test
    void unregisteredCalleeGets480AndUnknownNumberGets404_rfc3261_21_4() throws Exception {
        SippResult unregistered = caller(SippScenario.CALLER_REJECTED, "1005", "unregistered")
                .placeholder("status", "480").run();
        assertThat(unregistered.allSucceeded()).as(unregistered.describe()).isTrue();
        assertNoLeakAndCdr("1005", "UNAVAILABLE", 480);

        SippResult unknown = caller(SippScenario.CALLER_REJECTED, "9999", "unknown").placeholder("status", "404").run();
        assertThat(unknown.allSucceeded()).as(unknown.describe()).isTrue();
        assertNoLeakAndCdr("9999", "NOT_FOUND", 404);
    }

    @Test
    void holdAndResumeByReInviteGoThroughTheRelay_rfc3264_8_4() throws Exception {
        int port = register("1008");
        SippProcess callee = callee(SippScenario.CALLEE_HELD_AND_RESUMED, "1008", port, "hold-callee").start();
        SippRuns.awaitBound(port);

        SippResult a = caller(SippScenario.CALLER_HOLDS_AND_RESUMES, "1008", "hold-caller").run();
        SippResult b = callee.await();

        // Both scenarios fail the call unless every SDP they get names 127.0.0.1 and a relay port.
        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(b.allSucceeded()).as(b.describe()).isTrue();
        assertNoLeakAndCdr("1008", "ANSWERED", 200);
    }

    @Test
    void wrongPasswordOnInviteIsChallengedAgainAndNeverConnects_rfc3261_22_3() throws Exception {
        int cdrsBefore = admin.cdrs().size();
        Path inf = UserCsv.writeInjection(dir.resolve("inf-wrong.csv"), FIRST_USER, 1, UserCsv::wrongPassword);

        SippResult a = caller(SippScenario.CALLER_WRONG_PASSWORD, "1002", "wrong-password").injection(inf).run();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(a.stats().failedUnexpectedMessage()).isZero();
        assertThat(server.calls().activeCalls()).isZero();
        assertThat(media.sessions().size()).isZero();
        // An unauthenticated INVITE is no call attempt: it leaves no CDR.
        assertThat(admin.cdrs()).hasSize(cdrsBefore);
    }

    @Test
    void malformedSdpGets400AndOpensNoMedia_rfc3261_21_4_1() throws Exception {
        register("1009");
        long sessionsBefore = media.sessions().created();

        SippResult a = caller(SippScenario.CALLER_BAD_SDP, "1009", "bad-sdp").run();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertNoLeakAndCdr("1009", "FAILED", 400);
        assertThat(media.sessions().created()).as("sessions opened on the media node").isEqualTo(sessionsBefore);
    }

    /** The portal's and the API's hang-up: an answered call ends with BYE to both phones and a CDR naming the operator. */
    @Test
    void anOperatorHangsUpALiveCallThroughTheApiAndBothLegsGetBye_rfc3261_15_1() throws Exception {
        int port = register("1018");
        SippProcess callee = callee(SippScenario.CALLEE_ANSWERS, "1018", port, "operator-callee").start();
        SippRuns.awaitBound(port);
        SippProcess caller = caller(SippScenario.CALLER_AWAITS_BYE, "1018", "operator-caller").start();
        String id = await().atMost(SETTLE).until(() -> liveCallTo("1018"), Optional::isPresent).orElseThrow();

        assertThat(admin.delete("/api/calls/" + id)).isEqualTo(202);
        SippResult a = caller.await();
        SippResult b = callee.await();
        assertThat(a.allSucceeded()).as("caller got our BYE: %s", a.describe()).isTrue();
        assertThat(b.allSucceeded()).as("callee got our BYE: %s", b.describe()).isTrue();
        CallDetail cdr = assertNoLeakAndCdr("1018", "ANSWERED", 200);
        assertThat(cdr.endedBy()).isEqualTo("operator");
        assertThat(admin.delete("/api/calls/" + id)).as("no longer live").isEqualTo(404);
    }

    private Optional<String> liveCallTo(String callee) throws Exception {
        for (com.fasterxml.jackson.databind.JsonNode c : admin.getJson("/api/calls").path("items")) {
            if (c.path("callee").asText().equals(callee) && c.path("state").asText().equals("ANSWERED")) {
                return Optional.of(c.path("id").asText());
            }
        }
        return Optional.empty();
    }

    /** Issue: calls on a media node killed mid-call stayed ANSWERED until the phones gave up 150 s later. */
    @Test
    void callsOnALostMediaNodeEndWithByeToBothLegsAndACdrNamingTheFailure_rfc3326() throws Exception {
        int port = register("1012");
        SippProcess callee = callee(SippScenario.CALLEE_ANSWERS, "1012", port, "lost-media-callee").start();
        SippRuns.awaitBound(port);
        SippProcess caller = caller(SippScenario.CALLER_AWAITS_BYE, "1012", "lost-media-caller").start();
        io.switchboard.signaling.call.CallStore store = new io.switchboard.signaling.call.CallStore(server.hazelcast());
        try {
            await().atMost(SETTLE).until(() -> store.all().stream()
                    .anyMatch(c -> c.callee().equals("1012") && c.state() == io.switchboard.signaling.call.CallState.ANSWERED));
            media.close();
            SippResult a = caller.await();
            SippResult b = callee.await();
            assertThat(a.allSucceeded()).as("caller got our BYE: %s", a.describe()).isTrue();
            assertThat(b.allSucceeded()).as("callee got our BYE: %s", b.describe()).isTrue();
            CallDetail cdr = await().atMost(SETTLE).until(() -> cdrOf("1012"), Optional::isPresent).orElseThrow();
            assertThat(cdr.endedBy()).isEqualTo("media-failure");
            assertThat(cdr.mediaNode()).isEqualTo("media-a");
            assertThat(server.calls().activeCalls()).isZero();
        } finally {
            media = startMedia("media-a", 40000, 40499);
            awaitMediaOnline("media-a");
        }
    }

    /** One test because the steps change the cluster: media-a stops, media-b takes calls, then none is left. */
    @Test
    void secondMediaNodeTakesCallsWhenFirstStopsAndNoneLeftGives503WithRetryAfter_rfc3261_21_5_4()
            throws Exception {
        MediaServer b = startMedia("media-b", 40500, 40999);
        try {
            awaitMediaOnline("media-b");
            media.close();
            await().atMost(SETTLE).until(() -> admin.nodes("media").stream()
                    .noneMatch(n -> n.name().equals("media-a") && n.online()));
            MediaServer a = media;
            media = b;

            int port = register("1010");
            SippProcess callee = callee(SippScenario.CALLEE_ANSWERS, "1010", port, "failover-callee").rtpEcho().start();
            SippRuns.awaitBound(port);
            SippResult call = callerWithRtp("1010", "failover-caller").run();
            SippResult answered = callee.await();
            assertThat(call.allSucceeded()).as(call.describe()).isTrue();
            assertThat(answered.allSucceeded()).as(answered.describe()).isTrue();
            CallDetail cdr = assertNoLeakAndCdr("1010", "ANSWERED", 200);
            assertThat(cdr.mediaNode()).isEqualTo("media-b");
            assertThat(relayed.get(cdr.callId())).as("relay session on media-b").isNotNull()
                    .allSatisfy(leg -> assertThat(leg.rtpPackets()).isPositive());
            assertThat(a.sessions().size()).isZero();

            b.close();
            await().atMost(SETTLE).until(() -> admin.nodes("media").stream().noneMatch(Node::online));
            register("1011");
            SippResult refused = caller(SippScenario.CALLER_SERVICE_UNAVAILABLE, "1011", "no-media").run();
            assertThat(refused.allSucceeded()).as(refused.describe()).isTrue();
            assertNoLeakAndCdr("1011", "UNAVAILABLE", 503);
        } finally {
            b.close();
            media = startMedia("media-a", 40000, 40499);
            awaitMediaOnline("media-a");
        }
    }

    /**
     * Disable = drain (the seed's "disable the default servers"): a call up on the disabled media
     * server goes on to its end, the next call goes to another server, and enabling takes calls again.
     */
    @Test
    void disabledMediaServerKeepsItsCallAndTheNextCallGoesToAnotherServer() throws Exception {
        MediaServer b = startMedia("media-b", 40500, 40999);
        try {
            awaitMediaOnline("media-b");
            int port = register("1013");
            SippProcess longCallee = callee(SippScenario.CALLEE_ANSWERS, "1013", port, "drain-callee").rtpEcho().start();
            SippRuns.awaitBound(port);
            Sipp longCall = caller(SippScenario.CALLER_HANGS_UP, "1013", "drain-caller").pause(Duration.ofSeconds(6));
            Sipp.writePcmu(longCall.workDir().resolve("rtp.ulaw"));
            SippProcess draining = longCall.start();
            io.switchboard.signaling.call.CallStore store = new io.switchboard.signaling.call.CallStore(server.hazelcast());
            String first = await().atMost(SETTLE).until(() -> store.all().stream()
                    .filter(c -> c.callee().equals("1013") && c.state() == io.switchboard.signaling.call.CallState.ANSWERED)
                    .map(io.switchboard.signaling.call.CallRecord::mediaNode).findFirst(), Optional::isPresent).orElseThrow();
            MediaServer firstServer = first.equals("media-a") ? media : b;

            assertThat(admin.postJson("/api/servers/" + first + "/disable", "").path("status").asText()).isEqualTo("disabled");
            int port2 = register("1014");
            SippProcess callee2 = callee(SippScenario.CALLEE_ANSWERS, "1014", port2, "drain-callee-2").rtpEcho().start();
            SippRuns.awaitBound(port2);
            SippResult second = callerWithRtp("1014", "drain-caller-2").run();
            assertThat(second.allSucceeded()).as(second.describe()).isTrue();
            assertThat(callee2.await().allSucceeded()).isTrue();
            CallDetail secondCdr = await().atMost(SETTLE).until(() -> cdrOf("1014"), Optional::isPresent).orElseThrow();
            assertThat(secondCdr.mediaNode()).as("the new call avoids the disabled server").isNotEqualTo(first);

            SippResult a = draining.await();
            assertThat(a.allSucceeded()).as("the call on the disabled server went on to its end: %s", a.describe()).isTrue();
            assertThat(longCallee.await().allSucceeded()).isTrue();
            CallDetail firstCdr = await().atMost(SETTLE).until(() -> cdrOf("1013"), Optional::isPresent).orElseThrow();
            assertThat(firstCdr.disposition()).isEqualTo("ANSWERED");
            assertThat(firstCdr.endedBy()).isEqualTo("caller");
            assertThat(relayed.get(firstCdr.callId())).as("its relay carried RTP to the end").isNotNull()
                    .allSatisfy(leg -> assertThat(leg.rtpPackets()).isPositive());
            await().atMost(SETTLE).until(() -> firstServer.sessions().size() == 0);

            admin.postJson("/api/servers/" + first + "/enable", "");
            await().atMost(SETTLE).until(() -> admin.nodes("media").stream().filter(Node::online).count() == 2);
        } finally {
            b.close();
        }
    }

    // ---- phones ----

    /** Registers {@code ext} from a fresh local port with its own SIPp run; the callee's UAS then runs there. */
    private int register(String ext) {
        return SippRuns.register(server, dir, ext, RUN_TIMEOUT);
    }

    private Sipp callee(SippScenario scenario, String ext, int port, String name) {
        return Sipp.scenario(scenario, server.sipPort(), dir.resolve("sipp-" + name))
                .localPort(port).mediaPort(Sipp.freeMediaPortBlock())
                .key("callee", ext).placeholder("relay-port", RELAY_PORT)
                .recvTimeout(Duration.ofSeconds(15)).timeout(RUN_TIMEOUT);
    }

    private Sipp caller(SippScenario scenario, String callee, String name) {
        Path inf = dir.resolve("inf-caller.csv");
        if (!Files.exists(inf)) {
            UserCsv.writeInjection(inf, Long.parseLong(CALLER), 1, UserCsv::password);
        }
        return Sipp.scenario(scenario, server.sipPort(), dir.resolve("sipp-" + name))
                .injection(inf).localPort(Sipp.freeLocalPort(SippTransport.UDP))
                .mediaPort(Sipp.freeMediaPortBlock())
                .key("callee", callee).placeholder("relay-port", RELAY_PORT)
                .recvTimeout(Duration.ofSeconds(15)).timeout(RUN_TIMEOUT);
    }

    /** A caller that streams PCMU for two seconds once answered, then hangs up. */
    private Sipp callerWithRtp(String callee, String name) {
        Sipp caller = caller(SippScenario.CALLER_HANGS_UP, callee, name).pause(Duration.ofSeconds(2));
        Sipp.writePcmu(caller.workDir().resolve("rtp.ulaw"));
        return caller;
    }

    // ---- the cluster ----

    private MediaServer startMedia(String name, int portMin, int portMax) throws Exception {
        MediaServer m = LocalMedia.start(name, server.hazelcast(), portMin, portMax, dir.resolve("data-" + name),
                CLUSTER, System.out);
        m.sessions().onRemoved((s, reason) -> relayed.put(s.callId(),
                new LegStats[] {s.caller().stats(), s.callee().stats()}));
        return m;
    }

    private void awaitMediaOnline(String name) {
        await().atMost(SETTLE).until(() -> admin.nodes("media").stream()
                .anyMatch(n -> n.name().equals(name) && n.online()));
    }

    /**
     * No call left in signaling, no session on the media node (in-process and in its heartbeat as
     * signaling sees it), and the call's CDR, found by its callee (each test calls its own).
     */
    private CallDetail assertNoLeakAndCdr(String callee, String disposition, int status) {
        return assertNoLeakAndCdr(CALLER, callee, disposition, status);
    }

    private CallDetail assertNoLeakAndCdr(String caller, String callee, String disposition, int status) {
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(server.calls().activeCalls()).as("active calls").isZero();
            assertThat(media.sessions().size()).as("relay sessions").isZero();
            assertThat(admin.nodes("media")).filteredOn(Node::online).allSatisfy(
                    n -> assertThat(n.activeSessions()).as("sessions in %s's heartbeat", n.name()).isZero());
        });
        return await().atMost(SETTLE).until(() -> cdrOf(callee), Optional::isPresent)
                .map(cdr -> {
                    assertThat(cdr.caller()).isEqualTo(caller);
                    assertThat(cdr.disposition()).as("%s", cdr).isEqualTo(disposition);
                    assertThat(cdr.sipStatus()).as("%s", cdr).isEqualTo(status);
                    return cdr;
                }).orElseThrow();
    }

    private Optional<CallDetail> cdrOf(String callee) throws Exception {
        List<CallDetail> all = admin.cdrs();
        return all.stream().filter(c -> c.callee().equals(callee)).findFirst();
    }
}
