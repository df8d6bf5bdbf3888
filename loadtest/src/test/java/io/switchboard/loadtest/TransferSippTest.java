package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.loadtest.AdminClient.CallDetail;
import io.switchboard.loadtest.AdminClient.Node;
import io.switchboard.media.MediaServer;
import io.switchboard.media.relay.LegStats;
import io.switchboard.media.relay.RelayLeg;
import io.switchboard.media.relay.RelaySession;
import io.switchboard.signaling.SignalingServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blind transfer through the B2BUA (RFC 3515, RFC 5589 §6) with real SIPp phones and a real media
 * node: the callee answers, REFERs its caller elsewhere and follows the implicit subscription's
 * NOTIFYs. Set up like {@link CallSippTest} (one JVM, its own Hazelcast cluster, loopback, ephemeral
 * ports); every test uses its own extensions and ends proving nothing leaked.
 *
 * <p>The transfer scenarios ({@code sipp/transfer-*.xml}) are started from here rather than through
 * a {@link SippScenario} constant: the run is described by {@link Sipp} as usual and only the
 * scenario file handed to its command line differs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class TransferSippTest {
    private static final String CALLER = "1001";
    private static final int USERS = 20;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final String RELAY_PORT = "40[0-9]{3}";
    /** RTP packets (20 ms each) that must pass after the transfer for the media path to count as moved. */
    private static final int AFTER_TRANSFER_PACKETS = 10;

    Path dir;
    SippLab lab;
    SignalingServer server;
    AdminClient admin;
    MediaServer media;
    final Map<String, LegStats[]> relayed = new ConcurrentHashMap<>();

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        lab = SippLab.start(dir, USERS, 40000, 40499);
        server = lab.server;
        admin = lab.admin;
        media = lab.media;
        media.sessions().onRemoved((s, reason) -> relayed.put(s.callId(),
                new LegStats[] {s.caller().stats(), s.callee().stats()}));
        lab.awaitOnline("media", 1, SETTLE);
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void calleeReferMovesCallerToTargetWithMediaAndNotifiesSipfrag_rfc5589_6() throws Exception {
        int transferorPort = register("1002");
        int targetPort = register("1003");
        int targetMedia = Sipp.freeMediaPortBlock();
        SippProcess target = startWithRelay(phone("1003", targetPort, "xfer-target").mediaPort(targetMedia).rtpEcho(),
                "transfer-target-answers.xml", Map.of("transferee", CALLER));
        SippProcess transferor = startWithRelay(talkingPhone("1002", transferorPort, "xfer-transferor"),
                "transfer-transferor-refers.xml", Map.of("refer-to", "sip:1003@127.0.0.1", "final-status", "200"));
        SippRuns.awaitBound(targetPort);
        SippRuns.awaitBound(transferorPort);

        SippProcess caller = callerWithRtp("1002", "xfer-caller", Duration.ofSeconds(4)).start();
        // While the caller still talks: the relay leg that faced 1002 latches 1003's echo, and RTP
        // keeps arriving from both the caller and 1003 (a leg counts only its latched sender).
        RelaySession session = await().atMost(SETTLE).until(
                () -> media.sessions().all().stream().findFirst().orElse(null), s -> s != null);
        RelayLeg handed = session.callee();
        await().atMost(SETTLE).untilAsserted(() -> assertThat(handed.latchedRtp())
                .as("the handed-over leg latched the target's media port")
                .isEqualTo(new InetSocketAddress(Sipp.LOOPBACK, targetMedia)));
        LegStats fromCaller = session.caller().stats();
        LegStats fromTarget = handed.stats();
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(session.caller().stats().rtpPackets() - fromCaller.rtpPackets())
                    .as("RTP from the caller after the transfer").isGreaterThanOrEqualTo(AFTER_TRANSFER_PACKETS);
            assertThat(handed.stats().rtpPackets() - fromTarget.rtpPackets())
                    .as("RTP from the target through the handed-over leg").isGreaterThanOrEqualTo(AFTER_TRANSFER_PACKETS);
        });

        SippResult a = caller.await();
        SippResult b = transferor.await();
        SippResult c = target.await();
        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(b.allSucceeded()).as(b.describe()).isTrue();
        assertThat(b.errors()).as("checks the transferor logged").isBlank();
        assertThat(c.allSucceeded()).as(c.describe()).isTrue();
        CallDetail cdr = assertNoLeakAndOneCdr("1003");
        assertThat(cdr.endedBy()).isEqualTo("caller");
        assertThat(relayed.get(cdr.callId())).as("relay session of %s removed", cdr.callId()).isNotNull();
    }

    @Test
    void referToUnregisteredTargetEndsWith480SipfragAndCallGoesOn_rfc3515_2_4_5() throws Exception {
        int port = register("1004");
        // 1009 is provisioned but never registers here.
        SippProcess transferor = startWithRelay(talkingPhone("1004", port, "fail-transferor"),
                "transfer-transferor-refers.xml", Map.of("refer-to", "sip:1009@127.0.0.1", "final-status", "480"));
        SippRuns.awaitBound(port);

        SippResult a = callerWithRtp("1004", "fail-caller", Duration.ofSeconds(2)).run();
        SippResult b = transferor.await();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(b.allSucceeded()).as("the transferor got the caller's BYE: %s", b.describe()).isTrue();
        assertThat(b.errors()).as("checks the transferor logged").isBlank();
        CallDetail cdr = assertNoLeakAndOneCdr("1004");
        assertThat(cdr.endedBy()).isEqualTo("caller");
        LegStats[] legs = relayed.get(cdr.callId());
        assertThat(legs).as("relay session of %s removed", cdr.callId()).isNotNull()
                .allSatisfy(leg -> assertThat(leg.rtpPackets()).isPositive());
    }

    @Test
    void referWithReplacesOfAnUnknownDialogGets202ThenNotify481AndCallGoesOn_rfc5589_7_rfc3891_3() throws Exception {
        int port = register("1005");
        SippProcess transferor = startWithRelay(phone("1005", port, "replaces-transferor"),
                "transfer-transferor-refers-with-replaces.xml", Map.of("target", "1003"));
        SippRuns.awaitBound(port);

        SippResult a = callerWithRtp("1005", "replaces-caller", Duration.ofSeconds(1)).run();
        SippResult b = transferor.await();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(b.allSucceeded()).as(b.describe()).isTrue();
        assertThat(b.errors()).as("checks the transferor logged (202, NOTIFY 100, NOTIFY 481 terminated)").isBlank();
        assertThat(assertNoLeakAndOneCdr("1005").endedBy()).isEqualTo("caller");
    }

    @Test
    void aBlindTransferToAParkSlotParksTheCallerAndDiallingTheSlotRetrievesIt() throws Exception {
        int parkerPort = register("1006");
        SippProcess parker = startWithRelay(talkingPhone("1006", parkerPort, "park-parker"),
                "transfer-transferor-refers.xml", Map.of("refer-to", "sip:*71@127.0.0.1", "final-status", "200"));
        SippRuns.awaitBound(parkerPort);
        SippProcess caller = callerWithRtp("1006", "park-caller", Duration.ofSeconds(8)).start();
        SippResult parked = parker.await();
        assertThat(parked.allSucceeded()).as("the parker heard NOTIFY 200 and left: %s", parked.describe()).isTrue();

        Path inf = dir.resolve("inf-1007.csv");
        UserCsv.writeInjection(inf, 1007, 1, UserCsv::password);
        Sipp retriever = Sipp.scenario(SippScenario.CALLER_AWAITS_BYE, server.sipPort(), dir.resolve("sipp-park-retriever"))
                .injection(inf).localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                .key("callee", "*71").placeholder("relay-port", RELAY_PORT)
                .recvTimeout(Duration.ofSeconds(15)).timeout(RUN_TIMEOUT);
        SippResult retrieved = retriever.run();
        assertThat(retrieved.allSucceeded()).as("1007 dialled *71 and talked until the caller hung up: %s", retrieved.describe())
                .isTrue();
        assertThat(caller.await().allSucceeded()).as("the parked caller was never hung up on").isTrue();
        CallDetail cdr = assertNoLeakAndOneCdr("1007");
        assertThat(cdr.endedBy()).isEqualTo("caller");

        Sipp empty = Sipp.scenario(SippScenario.CALLER_REJECTED, server.sipPort(), dir.resolve("sipp-park-empty"))
                .injection(inf).localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                .key("callee", "*72").placeholder("status", "404").recvTimeout(Duration.ofSeconds(15)).timeout(RUN_TIMEOUT);
        SippResult nobody = empty.run();
        assertThat(nobody.allSucceeded()).as("an empty slot: 404 %s", nobody.describe()).isTrue();
    }

    // ---- phones ----

    private int register(String ext) {
        return SippRuns.register(server, dir, ext, RUN_TIMEOUT);
    }

    /** A UAS run on the port {@code ext} registered from; its scenario file is chosen by {@link #start}. */
    private Sipp phone(String ext, int port, String name) {
        return Sipp.scenario(SippScenario.CALLEE_ANSWERS, server.sipPort(), dir.resolve("sipp-" + name))
                .localPort(port).mediaPort(Sipp.freeMediaPortBlock()).key("callee", ext)
                .recvTimeout(Duration.ofSeconds(15)).timeout(RUN_TIMEOUT);
    }

    /** A phone that streams its own RTP from the answer on, talking for half a second before it transfers. */
    private Sipp talkingPhone(String ext, int port, String name) {
        Sipp phone = phone(ext, port, name).pause(Duration.ofMillis(500));
        Sipp.writePcmu(phone.workDir().resolve("rtp.ulaw"));
        return phone;
    }

    /** The caller 1001: streams PCMU once answered for {@code talk}, then hangs up. */
    private Sipp callerWithRtp(String callee, String name, Duration talk) {
        Path inf = dir.resolve("inf-caller.csv");
        if (!Files.exists(inf)) {
            UserCsv.writeInjection(inf, Long.parseLong(CALLER), 1, UserCsv::password);
        }
        Sipp caller = Sipp.scenario(SippScenario.CALLER_HANGS_UP, server.sipPort(), dir.resolve("sipp-" + name))
                .injection(inf).localPort(Sipp.freeLocalPort(SippTransport.UDP))
                .mediaPort(Sipp.freeMediaPortBlock())
                .key("callee", callee).placeholder("relay-port", RELAY_PORT)
                .recvTimeout(Duration.ofSeconds(15)).timeout(RUN_TIMEOUT).pause(talk);
        Sipp.writePcmu(caller.workDir().resolve("rtp.ulaw"));
        return caller;
    }



    // ---- leaks and records ----

    /** No live call, no relay session, and exactly one CDR naming {@code callee}: answered, 200, from 1001. */
    private CallDetail assertNoLeakAndOneCdr(String callee) {
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(server.calls().activeCalls()).as("active calls").isZero();
            assertThat(media.sessions().size()).as("relay sessions").isZero();
            assertThat(admin.nodes("media")).filteredOn(Node::online).allSatisfy(
                    n -> assertThat(n.activeSessions()).as("sessions in %s's heartbeat", n.name()).isZero());
        });
        List<CallDetail> cdrs = await().atMost(SETTLE).until(
                () -> admin.cdrs().stream().filter(c -> c.callee().equals(callee)).toList(), l -> !l.isEmpty());
        assertThat(cdrs).as("CDRs naming callee %s", callee).hasSize(1);
        CallDetail cdr = cdrs.get(0);
        assertThat(cdr.caller()).isEqualTo(CALLER);
        assertThat(cdr.disposition()).as("%s", cdr).isEqualTo("ANSWERED");
        assertThat(cdr.sipStatus()).as("%s", cdr).isEqualTo(200);
        return cdr;
    }

    /** A scenario whose SDP checks expect the relay's ports ({@code {{relay-port}}}). */
    private static SippProcess startWithRelay(Sipp run, String file, Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("relay-port", RELAY_PORT);
        return SippRuns.start(run, file, all);
    }
}
