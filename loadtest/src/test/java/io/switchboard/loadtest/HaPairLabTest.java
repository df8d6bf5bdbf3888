package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.loadtest.lab.HaLab;
import io.switchboard.loadtest.lab.OptionsProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The signaling HA pair with real keepalived, the watchdog and two signaling JVMs in network
 * namespaces ({@link HaLab}); SIPp registers 200 phones through the virtual IP. A kill -9 of the
 * active and a SIGSTOP of the next active each move the virtual IP: OPTIONS to it is answered again,
 * every registration is on the new active, the fencing epoch rose, and the member that comes back
 * stays standby (no fail-back). Outages are printed; the bounds asserted here are loose (a shared CI
 * machine), the figures belong to {@code ./switchboard loadtest failover}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HaPairLabTest {
    private static final int PHONES = 200;
    private static final int CALLS = 20;
    private static final long FIRST = 4001;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BOUND = Duration.ofSeconds(2);

    private final Path dir = Path.of(System.getProperty("java.io.tmpdir"), "switchboard-ha-lab");
    private HaLab lab;
    private OptionsProbe probe;

    @BeforeAll
    void start() throws Exception {
        RequiredTool.require(HaLab.unavailable().isEmpty(), HaLab.unavailable().orElse(""));
        RequiredTool.require(Sipp.executable().isPresent(), "sipp is not on the PATH (Debian: sip-tester)");
        lab = HaLab.start(dir, Map.of());
        lab.addAndRegister(1, FIRST, PHONES, 0, dir.resolve("phones"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(registrations(1)).as("on the active").isEqualTo(PHONES);
            assertThat(registrations(2)).as("followed by the standby").isEqualTo(PHONES);
        });
        probe = new OptionsProbe(HaLab.HOST_ADDRESS, HaLab.VIRTUAL_ADDRESS, HaLab.SIP_PORT, Duration.ofMillis(5),
                Duration.ofMinutes(5));
        assertThat(probe.outageSince(System.nanoTime(), Duration.ofSeconds(5))).as("the virtual IP answers").isPresent();
    }

    @AfterAll
    void stop() {
        if (probe != null) {
            probe.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void killingTheActiveMovesTheVirtualIpKeepsEveryRegistrationAndTheKilledMemberComesBackAsStandby() throws Exception {
        assertThat(lab.active()).isEqualTo(1);
        assertThat(health(1).path("ha").path("state").asText()).isEqualTo("active");
        assertThat(health(2).path("ha").path("state").asText()).isEqualTo("standby");
        long epochBefore = health(1).path("ha").path("epoch").asLong();
        // Every phone registers again, 100 a second, across the kill: the REGISTERs in flight at the kill
        // are retransmitted by SIPp (RFC 3261 §17.1.2.2, T1 500 ms) and answered by the new active, and the
        // nonces the lost member issued are accepted there (their secret is the cluster's).
        SippProcess inFlight = HaLab.sipp(SippScenario.REGISTER, dir.resolve("register-across-kill"))
                .injection(dir.resolve("phones").resolve("phones-" + FIRST + ".csv")).calls(PHONES)
                .rate(100, Duration.ofSeconds(1)).timeout(Duration.ofSeconds(60)).start();
        Thread.sleep(1000);

        long killedAt = lab.kill(1);
        Duration outage = probe.outageSince(killedAt, Duration.ofSeconds(10)).orElseThrow(
                () -> new AssertionError("the virtual IP did not answer within 10 s of the kill; see " + lab.dir()));
        System.out.printf("HA lab: kill -9 of the active: OPTIONS to the virtual IP answered again after %d ms%n",
                outage.toMillis());
        assertThat(outage).isLessThan(BOUND);
        SippResult registered = inFlight.await();
        System.out.printf("HA lab: %d REGISTERs across the kill, %d retransmissions, %d failed%n",
                registered.stats().successful(), registered.stats().retransmissions(), registered.stats().failed());
        assertThat(registered.allSucceeded()).as("every registration across the kill: %s", registered.describe()).isTrue();
        await().atMost(BOUND).until(() -> lab.active() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> "active".equals(health(2).path("ha").path("state").asText()));
        // The epoch is claimed once the cluster has moved the lost member's partitions (cluster.member-timeout).
        await().atMost(Duration.ofSeconds(15)).until(() -> health(2).path("ha").path("epoch").asLong() > epochBefore);
        assertThat(registrations(2)).as("every registration on the new active").isEqualTo(PHONES);

        lab.stopSignaling(1);
        lab.startSignaling(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "standby".equals(health(1).path("ha").path("state").asText()));
        await().atMost(Duration.ofSeconds(10)).until(() -> registrations(1) == PHONES);
        long before = System.nanoTime();
        Thread.sleep(2000);
        assertThat(lab.active()).as("no fail-back: the member that came back stays standby").isEqualTo(2);
        assertThat(probe.outageSince(before, Duration.ofMillis(100))).as("answered throughout").isPresent();
    }

    @Test
    @Order(2)
    void aFrozenActiveLosesTheVirtualIpWithinASecondAndStaysStandbyWhenItThaws() throws Exception {
        assertThat(lab.active()).isEqualTo(2);
        long frozenAt = lab.signal(2, "STOP");
        Duration outage;
        try {
            outage = probe.outageSince(frozenAt, Duration.ofSeconds(10)).orElseThrow(
                    () -> new AssertionError("the virtual IP did not answer within 10 s of the freeze; see " + lab.dir()));
        } finally {
            lab.signal(2, "CONT");
        }
        System.out.printf("HA lab: SIGSTOP of the active: OPTIONS to the virtual IP answered again after %d ms%n",
                outage.toMillis());
        assertThat(outage).isLessThan(BOUND);
        await().atMost(BOUND).until(() -> lab.active() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> "standby".equals(health(2).path("ha").path("state").asText()));
        assertThat(lab.holders()).as("one active after the thaw").isEqualTo(1);
        assertThat(registrations(1)).isEqualTo(PHONES);
    }

    /**
     * Established calls survive a kill of the active: 20 calls with RTP both ways through a media node
     * are up when the active dies; each caller hangs up afterwards, the new active takes each call over
     * from its cluster record and passes the BYE on, and writes one CDR per call. A call still ringing
     * at the kill leaves neither a record nor a media session: the new active drops it, with its CDR.
     */
    @Test
    @Order(3)
    void establishedCallsEndWithByeThroughTheNewActiveAndEachHasExactlyOneCdr() throws Exception {
        int active = lab.active();
        int standby = 3 - active;
        lab.post(active, "/api/servers", "application/json",
                "{\"name\":\"media-1\",\"type\":\"media\",\"privateAddress\":\"" + HaLab.HOST_ADDRESS + "\"}");
        lab.startMedia("media-1", 46000, 46399);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                "online".equals(JSON.readTree(lab.get(active, "/api/servers/media-1")).path("status").asText()));
        int calleePort = Sipp.freeLocalPort(SippTransport.UDP);
        lab.addAndRegister(active, 4999, 1, calleePort, dir.resolve("callee"));

        String relayPort = "46[0-3][0-9]{2}";
        HaLab.CallBatch calls = HaLab.startCalls(FIRST, CALLS, "4999", calleePort, Duration.ofSeconds(12), relayPort,
                dir.resolve("calls"));
        // One more call, still ringing at the kill: callee 4998 only rings, its caller waits.
        int ringingPort = Sipp.freeLocalPort(SippTransport.UDP);
        lab.addAndRegister(active, 4998, 1, ringingPort, dir.resolve("ringing"));
        SippProcess ringingCallee = HaLab.sipp(SippScenario.CALLEE_RINGS_UNTIL_CANCEL, dir.resolve("sipp-ringing-callee"))
                .localPort(ringingPort).mediaPort(Sipp.freeMediaPortBlock()).key("callee", "4998")
                .placeholder("relay-port", relayPort)
                .recvTimeout(Duration.ofSeconds(30)).timeout(Duration.ofSeconds(40)).start();
        SippProcess ringingCaller = HaLab.sipp(SippScenario.CALLER_AWAITS_BYE, dir.resolve("sipp-ringing-caller"))
                .localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                .injection(UserCsv.writeInjection(dir.resolve("ringing-caller.csv"), FIRST + CALLS, 1, UserCsv::password))
                .key("callee", "4998").placeholder("relay-port", relayPort)
                .recvTimeout(Duration.ofSeconds(30)).timeout(Duration.ofSeconds(40)).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> answeredCalls(active) == CALLS && liveCalls(active, "4998") == 1);
        Thread.sleep(1000); // the records are written to the cluster every 50 ms: all of them by now

        Map<String, long[]> rtpBefore = rtpPackets(active);
        assertThat(rtpBefore).hasSize(CALLS);

        long killedAt = lab.kill(active);
        Duration outage = probe.outageSince(killedAt, Duration.ofSeconds(10)).orElseThrow();
        System.out.printf("HA lab: kill -9 with %d calls up: OPTIONS answered again after %d ms%n", CALLS, outage.toMillis());
        // Media never went through signaling: each call's relay counted packets from both ends after the kill.
        Thread.sleep(2000);
        Map<String, long[]> rtpAfter = rtpPackets(standby);
        assertThat(rtpAfter.keySet()).as("every call still has its media session").isEqualTo(rtpBefore.keySet());
        long[] flowed = new long[2];
        rtpAfter.forEach((id, after) -> {
            long[] before = rtpBefore.get(id);
            assertThat(after[0]).as("RTP from one end of %s after the kill", id).isGreaterThan(before[0]);
            assertThat(after[1]).as("RTP from the other end of %s after the kill", id).isGreaterThan(before[1]);
            flowed[0] += after[0] - before[0];
            flowed[1] += after[1] - before[1];
        });
        System.out.printf("HA lab: across the kill the %d relays counted %d + %d packets (one end, the other)%n",
                CALLS, flowed[0], flowed[1]);
        java.util.List<SippResult> ended = calls.await();
        SippResult a = ended.get(0);
        SippResult b = ended.get(1);
        assertThat(a.allSucceeded()).as("every caller's BYE answered by the new active: %s", a.describe()).isTrue();
        assertThat(b.allSucceeded()).as("every callee got the BYE: %s", b.describe()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode cdrs = JSON.readTree(lab.get(standby, "/api/cdrs?ext=4999&limit=1000"));
            assertThat(cdrs.path("total").asInt()).as("one CDR per call, no more").isEqualTo(CALLS);
            for (JsonNode c : cdrs.path("items")) {
                assertThat(c.path("disposition").asText()).isEqualTo("ANSWERED");
                assertThat(c.path("endedBy").asText()).isEqualTo("caller");
                assertThat(c.path("mediaNode").asText()).isEqualTo("media-1");
            }
            assertThat(answeredCalls(standby)).as("no call left on the new active").isZero();
        });
        // The ringing call died with the lost member: the new active dropped its record and media
        // session and wrote its only CDR.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(liveCalls(standby, "4998")).as("the ringing call's record").isZero();
            JsonNode cdrs = JSON.readTree(lab.get(standby, "/api/cdrs?ext=4998"));
            assertThat(cdrs.path("total").asInt()).isEqualTo(1);
            assertThat(cdrs.path("items").get(0).path("endedBy").asText()).isEqualTo("failover");
            assertThat(JSON.readTree(lab.get(standby, "/api/servers/media-1")).path("activeSessions").asInt())
                    .as("media sessions left on media-1").isZero();
        });
        ringingCaller.destroy();
        ringingCallee.destroy();
        lab.stopSignaling(active);
        lab.startSignaling(active);
    }

    /**
     * A cut link between the pair (both still reach the phones and the media node) makes both take the
     * virtual IP; within the cluster's detection window the side Hazelcast left alone, having seen its
     * peer and the worker, steps down, and only one active remains. When the link is back, the cut-off
     * side merges back as a fit standby with every registration, and the active keeps the address (no
     * fail-back) and the right to write call state.
     */
    @Test
    @Order(4)
    void aPartitionOfThePairLeavesOneActiveWithinTheWindowAndTheCutOffSideComesBackAsStandby() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.holders() == 1
                && health(3 - lab.active()).path("clusterMembers").asInt() == 3);
        int registered = registrations(lab.active());

        long cutAt = System.nanoTime();
        lab.partition();
        int survivor;
        long settledAt;
        try {
            // Both members are masters at first; the window is Hazelcast's cluster.member-timeout (5 s).
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    lab.unfitMembers() == 1 && lab.holders() == 1);
            settledAt = System.nanoTime();
            survivor = lab.active();
            System.out.printf("HA lab: pair partitioned: one active (%s) again after %d ms%n", HaLab.name(survivor),
                    (settledAt - cutAt) / 1_000_000);
            JsonNode cutOff = health(3 - survivor).path("ha");
            assertThat(cutOff.path("fit").asBoolean()).isFalse();
            assertThat(cutOff.path("cluster").asText()).contains("cut-off side of a partition");
            assertThat(cutOff.path("state").asText()).isEqualTo("standby");
            JsonNode kept = health(survivor).path("ha");
            assertThat(kept.path("fit").asBoolean()).isTrue();
            assertThat(kept.path("cluster").asText()).isEqualTo("sees 0 signaling peers and 1 worker");
            long before = System.nanoTime();
            Thread.sleep(3000);
            assertThat(lab.holders()).as("still one active, however long the partition lasts").isEqualTo(1);
            assertThat(probe.outageSince(before, Duration.ofMillis(500))).as("the virtual IP answers").isPresent();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(health(survivor).path("ha").path("callState").asText()).isEqualTo("write"));
            assertThat(registrations(survivor)).isEqualTo(registered);
        } finally {
            lab.heal();
        }
        // Hazelcast looks for the other half every 5 s and merges the smaller into the larger.
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            JsonNode back = health(3 - survivor);
            assertThat(back.path("clusterMembers").asInt()).isEqualTo(3);
            assertThat(back.path("ha").path("fit").asBoolean()).isTrue();
            assertThat(back.path("ha").path("state").asText()).isEqualTo("standby");
            assertThat(back.path("registrations").asInt()).as("followed again").isEqualTo(registered);
        });
        System.out.printf("HA lab: partition healed: the cut-off member merged back %d ms after the link returned%n",
                (System.nanoTime() - settledAt) / 1_000_000);
        assertThat(lab.active()).as("no fail-back").isEqualTo(survivor);
        assertThat(lab.holders()).isEqualTo(1);
        assertThat(health(survivor).path("ha").path("callState").asText()).as("the active still writes call state")
                .isEqualTo("write");
        assertThat(health(3 - survivor).path("ha").path("callState").asText()).isEqualTo("drop");
    }


    /**
     * Per answered call listed on member {@code m}: the RTP packets its media relay received from each
     * end so far (ng query to the call's media node, rtpengine's stats layout; bencode sorts the tags).
     */
    private Map<String, long[]> rtpPackets(int m) throws Exception {
        Map<String, long[]> packets = new java.util.HashMap<>();
        try (io.switchboard.common.ng.NgClient ng = new io.switchboard.common.ng.NgClient(Duration.ofSeconds(2))) {
            for (JsonNode c : JSON.readTree(lab.get(m, "/api/calls")).path("items")) {
                if (!"ANSWERED".equals(c.path("state").asText())) {
                    continue;
                }
                String node = c.path("mediaNg").asText();
                int colon = node.lastIndexOf(':');
                JsonNode reply = JSON.valueToTree(ng.callOk(new java.net.InetSocketAddress(node.substring(0, colon),
                        Integer.parseInt(node.substring(colon + 1))), Map.of("command", "query", "call-id", c.path("id").asText())));
                long[] count = new long[2];
                int i = 0;
                for (JsonNode tag : reply.path("tags")) {
                    if (i < 2) {
                        count[i++] = tag.path("medias").path(0).path("streams").path(0).path("stats").path("packets").asLong();
                    }
                }
                packets.put(c.path("id").asText(), count);
            }
        }
        return packets;
    }

    private int liveCalls(int m, String callee) throws Exception {
        int n = 0;
        for (JsonNode c : JSON.readTree(lab.get(m, "/api/calls")).path("items")) {
            n += callee.equals(c.path("callee").asText()) ? 1 : 0;
        }
        return n;
    }

    private int answeredCalls(int m) throws Exception {
        int n = 0;
        for (JsonNode c : JSON.readTree(lab.get(m, "/api/calls")).path("items")) {
            n += "ANSWERED".equals(c.path("state").asText()) ? 1 : 0;
        }
        return n;
    }

    private JsonNode health(int m) throws Exception {
        return lab.health(m);
    }

    private int registrations(int m) throws Exception {
        return health(m).path("registrations").asInt();
    }
}
