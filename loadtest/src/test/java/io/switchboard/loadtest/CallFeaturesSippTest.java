package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.loadtest.AdminClient.CallDetail;
import io.switchboard.media.relay.LegStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Call features of the B2BUA with SIPp phones: a late-offer INVITE (RFC 3264 §4), session timers
 * (RFC 4028) cleaning up the call of a phone that vanished, ring groups (in order, all with a
 * fall-through), call pickup (directed {@code **ext}, group {@code *8}), a parked call rung back to its
 * parker when nobody retrieves it, and a callee's reliable
 * provisional response acknowledged by PRACK (RFC 3262).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class CallFeaturesSippTest {
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final String CALLER = "1001";
    private static final String RELAY_PORT = "44[0-9]{3}";
    private Path dir;
    private SippLab lab;
    private final Map<String, LegStats[]> relayed = new ConcurrentHashMap<>();

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        lab = SippLab.start(dir, 18, 44700, 44799, Map.of("call.park-timeout", "10s"));
        lab.media.sessions().onRemoved((s, reason) -> relayed.put(s.callId(),
                new LegStats[] {s.caller().stats(), s.callee().stats()}));
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private SippProcess callee(SippScenario scenario, String ext, int port, String name, Duration recvTimeout) {
        Sipp s = Sipp.scenario(scenario, lab.server.sipPort(), dir.resolve("sipp-" + name))
                .localPort(port).mediaPort(Sipp.freeMediaPortBlock()).key("callee", ext).placeholder("relay-port", RELAY_PORT)
                .recvTimeout(recvTimeout).timeout(recvTimeout.plusSeconds(20));
        if (scenario == SippScenario.CALLEE_ANSWERS) {
            s = s.rtpEcho();
        }
        SippProcess p = s.start();
        SippRuns.awaitBound(port);
        return p;
    }

    private Sipp caller(SippScenario scenario, String callee, String name, Duration recvTimeout) {
        return caller(CALLER, scenario, callee, name, recvTimeout);
    }

    private Sipp caller(String ext, SippScenario scenario, String callee, String name, Duration recvTimeout) {
        Path inf = dir.resolve("inf-" + ext + ".csv");
        if (!Files.exists(inf)) {
            UserCsv.writeInjection(inf, Long.parseLong(ext), 1, UserCsv::password);
        }
        Sipp s = Sipp.scenario(scenario, lab.server.sipPort(), dir.resolve("sipp-" + name)).injection(inf)
                .localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                .key("callee", callee).placeholder("relay-port", RELAY_PORT)
                .recvTimeout(recvTimeout).timeout(recvTimeout.plusSeconds(20));
        Sipp.writePcmu(s.workDir().resolve("rtp.ulaw"));
        return s;
    }

    private CallDetail cdrOf(String callee) {
        return await().atMost(SETTLE).until(() -> lab.admin.cdrs().stream().filter(c -> c.callee().equals(callee)).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private void noCallLeft() {
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(lab.server.calls().activeCalls()).as("active calls").isZero();
            assertThat(lab.media.sessions().size()).as("relay sessions").isZero();
        });
    }

    @Test
    void aLateOfferGetsOurOfferIn200AndItsAnswerInTheAckAnchorsTheMedia_rfc3264_4() throws Exception {
        int port = SippRuns.register(lab.server, dir, "1002", Duration.ofSeconds(30));
        SippProcess callee = callee(SippScenario.CALLEE_ANSWERS, "1002", port, "late-callee", Duration.ofSeconds(20));
        SippResult call = caller(SippScenario.CALLER_LATE_OFFER, "1002", "late-caller", Duration.ofSeconds(20))
                .pause(Duration.ofSeconds(2)).run();
        assertThat(call.allSucceeded()).as(call.describe()).isTrue();
        assertThat(callee.await().allSucceeded()).as("the callee got an offer through the relay").isTrue();
        noCallLeft();
        CallDetail cdr = cdrOf("1002");
        assertThat(cdr.disposition()).isEqualTo("ANSWERED");
        LegStats[] legs = relayed.get(cdr.callId());
        assertThat(legs).as("relay session of %s", cdr.callId()).isNotNull();
        // The callee echoes only what reached it at the relay's address: RTP both ways proves the ACK's answer was used.
        assertThat(legs[0].rtpPackets()).as("RTP from the late-offer caller").isGreaterThan(10);
        assertThat(legs[1].rtpPackets()).as("RTP echoed by the callee").isGreaterThan(10);
    }

    @Test
    void aCallerThatStopsRefreshingIsHungUpAndTheCalleeIsRefreshedByUs_rfc4028_10() throws Exception {
        int port = SippRuns.register(lab.server, dir, "1003", Duration.ofSeconds(30));
        Duration wait = Duration.ofSeconds(90);
        SippProcess callee = callee(SippScenario.CALLEE_REFRESHED, "1003", port, "timer-callee", wait);
        long t0 = System.nanoTime();
        SippResult call = caller(SippScenario.CALLER_NEVER_REFRESHES, "1003", "timer-caller", wait).run();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(call.allSucceeded()).as(call.describe()).isTrue();
        assertThat(callee.await().allSucceeded()).as("the callee was refreshed at 45 s, then got BYE").isTrue();
        noCallLeft();
        CallDetail cdr = cdrOf("1003");
        assertThat(cdr.endedBy()).isEqualTo("session-timer");
        // 90 s less min(32, 90/3) = 60 s after the answer (RFC 4028 §10).
        assertThat(took).isBetween(Duration.ofSeconds(58), Duration.ofSeconds(75));
    }

    @Test
    void aCalleesReliable183IsAcknowledgedByPrackAndItsEarlyMediaReachesTheCaller_rfc3262_4() throws Exception {
        int port = SippRuns.register(lab.server, dir, "1013", Duration.ofSeconds(30));
        SippProcess callee = callee(SippScenario.CALLEE_RELIABLE_183, "1013", port, "prack-callee", Duration.ofSeconds(20));
        SippResult call = caller(SippScenario.CALLER_HANGS_UP, "1013", "prack-caller", Duration.ofSeconds(20))
                .pause(Duration.ofSeconds(1)).run();
        assertThat(call.allSucceeded()).as(call.describe()).isTrue();
        SippResult answered = callee.await();
        assertThat(answered.allSucceeded()).as("the 183 was PRACKed with RAck 1 <cseq> INVITE: %s", answered.describe()).isTrue();
        noCallLeft();
    }

    @Test
    void aParkedCallNobodyRetrievesRingsTheParkerBack() throws Exception {
        int parkerPort = SippRuns.register(lab.server, dir, "1014", Duration.ofSeconds(30));
        Sipp parkerRun = Sipp.scenario(SippScenario.CALLEE_ANSWERS, lab.server.sipPort(), dir.resolve("sipp-ringback-parker"))
                .localPort(parkerPort).mediaPort(Sipp.freeMediaPortBlock()).key("callee", "1014")
                .recvTimeout(Duration.ofSeconds(15)).timeout(Duration.ofSeconds(40)).pause(Duration.ofMillis(500));
        Sipp.writePcmu(parkerRun.workDir().resolve("rtp.ulaw"));
        SippProcess parks = SippRuns.start(parkerRun, "transfer-transferor-refers.xml",
                Map.of("refer-to", "sip:*73@127.0.0.1", "final-status", "200", "relay-port", RELAY_PORT));
        SippRuns.awaitBound(parkerPort);
        long t0 = System.nanoTime();
        SippProcess caller = caller(SippScenario.CALLER_HANGS_UP, "1014", "ringback-caller", Duration.ofSeconds(30))
                .pause(Duration.ofSeconds(16)).start();
        assertThat(parks.await().allSucceeded()).as("1014 parked the call on *73 and left").isTrue();
        // call.park-timeout is 10 s here: then 1014's phone rings again and answers.
        SippProcess back = callee(SippScenario.CALLEE_ANSWERS, "1014", parkerPort, "ringback-answers", Duration.ofSeconds(30));
        SippResult rungBack = back.await();
        assertThat(rungBack.allSucceeded()).as("1014 was rung back and talked until the caller hung up: %s",
                rungBack.describe()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofSeconds(10));
        assertThat(caller.await().allSucceeded()).as("the parked caller stayed on the call").isTrue();
        noCallLeft();
    }

    @Test
    void anOperatorRecordsALiveCallFromTheApiAndTheMediaNodeWritesIt() throws Exception {
        int port = SippRuns.register(lab.server, dir, "1015", Duration.ofSeconds(30));
        SippProcess callee = callee(SippScenario.CALLEE_ANSWERS, "1015", port, "record-callee", Duration.ofSeconds(20));
        SippProcess call = caller(SippScenario.CALLER_HANGS_UP, "1015", "record-caller", Duration.ofSeconds(20))
                .pause(Duration.ofSeconds(4)).start();
        String id = await().atMost(SETTLE).until(() -> {
            com.fasterxml.jackson.databind.JsonNode items = lab.admin.getJson("/api/calls").path("items");
            for (com.fasterxml.jackson.databind.JsonNode c : items) {
                if ("1015".equals(c.path("callee").asText()) && "ANSWERED".equals(c.path("state").asText())) {
                    return c.path("id").asText();
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        com.fasterxml.jackson.databind.JsonNode started = lab.admin.postJson("/api/calls/" + id + "/recording", "{}");
        assertThat(started.path("recording").asBoolean()).as("%s", started).isTrue();
        assertThat(lab.admin.postRaw("/api/calls/no-such-call/recording", "{}").statusCode()).isEqualTo(404);
        assertThat(call.await().allSucceeded()).isTrue();
        assertThat(callee.await().allSucceeded()).isTrue();
        noCallLeft();
        Path recordings = dir.resolve("data-media-a").resolve("recordings");
        try (java.util.stream.Stream<Path> files = Files.list(recordings)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith(id.replaceAll("[^A-Za-z0-9._-]", "_")))
                    .filter(f -> f.toFile().length() > 8000).count()).as("a WAV of %s in %s", id, recordings).isPositive();
        }
    }

    private void ringGroup(String name, String json) throws Exception {
        var r = lab.admin.putRaw("/api/ring-groups/" + name, json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aRingGroupInOrderRingsTheNextMemberWhenTheFirstDoesNotAnswer() throws Exception {
        int first = SippRuns.register(lab.server, dir, "1004", Duration.ofSeconds(30));
        int second = SippRuns.register(lab.server, dir, "1005", Duration.ofSeconds(30));
        ringGroup("sales", "{\"number\":\"6001\",\"strategy\":\"order\",\"members\":[\"1004\",\"1005\"],\"ringSeconds\":5}");
        SippProcess ringing = callee(SippScenario.CALLEE_RINGS_UNTIL_CANCEL, "1004", first, "order-1004", Duration.ofSeconds(20));
        SippProcess answering = callee(SippScenario.CALLEE_ANSWERS, "1005", second, "order-1005", Duration.ofSeconds(20));
        long t0 = System.nanoTime();
        SippResult call = caller(SippScenario.CALLER_HANGS_UP, "6001", "order-caller", Duration.ofSeconds(20))
                .pause(Duration.ofSeconds(1)).run();
        assertThat(call.allSucceeded()).as(call.describe()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("1004 rang its 5 s first").isGreaterThan(Duration.ofSeconds(5));
        assertThat(ringing.await().allSucceeded()).as("1004 rang, then got CANCEL").isTrue();
        assertThat(answering.await().allSucceeded()).as("1005 answered").isTrue();
        noCallLeft();
    }

    @Test
    void aRoundRobinGroupStartsEachCallOneMemberFurther() throws Exception {
        int first = SippRuns.register(lab.server, dir, "1016", Duration.ofSeconds(30));
        int second = SippRuns.register(lab.server, dir, "1017", Duration.ofSeconds(30));
        ringGroup("turns", "{\"number\":\"6004\",\"strategy\":\"round_robin\",\"members\":[\"1016\",\"1017\"],"
                + "\"ringSeconds\":8}");
        // Each phone answers one call and leaves: the second call must start at 1017, or it would first ring
        // 1016's closed port for the group's 8 s (as a group "in order" does: 8.2 s, checked by hand).
        SippProcess a = callee(SippScenario.CALLEE_ANSWERS, "1016", first, "rr-1016", Duration.ofSeconds(30));
        SippProcess b = callee(SippScenario.CALLEE_ANSWERS, "1017", second, "rr-1017", Duration.ofSeconds(30));
        SippResult one = caller(SippScenario.CALLER_HANGS_UP, "6004", "rr-caller-1", Duration.ofSeconds(20)).run();
        assertThat(one.allSucceeded()).as(one.describe()).isTrue();
        assertThat(a.await().allSucceeded()).as("the first call went to 1016").isTrue();
        long t0 = System.nanoTime();
        SippResult two = caller(SippScenario.CALLER_HANGS_UP, "6004", "rr-caller-2", Duration.ofSeconds(20)).run();
        assertThat(two.allSucceeded()).as(two.describe()).isTrue();
        assertThat(b.await().allSucceeded()).as("the second call went to 1017").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("1017 was rung first, not after 1016's 8 s")
                .isLessThan(Duration.ofSeconds(6));
        noCallLeft();
    }

    @Test
    void aRingGroupOfBusyAndAbsentMembersFallsThrough() throws Exception {
        int busyPort = SippRuns.register(lab.server, dir, "1006", Duration.ofSeconds(30));
        int fallPort = SippRuns.register(lab.server, dir, "1007", Duration.ofSeconds(30));
        // 1011 is never registered: the group rings 1006 alone, which is busy.
        ringGroup("support", "{\"number\":\"6002\",\"strategy\":\"all\",\"members\":[\"1006\",\"1011\"],"
                + "\"ringSeconds\":10,\"fallthrough\":\"1007\"}");
        SippProcess busy = callee(SippScenario.CALLEE_BUSY, "1006", busyPort, "all-1006", Duration.ofSeconds(20));
        SippProcess fall = callee(SippScenario.CALLEE_ANSWERS, "1007", fallPort, "all-1007", Duration.ofSeconds(20));
        SippResult call = caller(SippScenario.CALLER_HANGS_UP, "6002", "all-caller", Duration.ofSeconds(20))
                .pause(Duration.ofSeconds(1)).run();
        assertThat(call.allSucceeded()).as(call.describe()).isTrue();
        assertThat(busy.await().allSucceeded()).as("1006 said busy").isTrue();
        assertThat(fall.await().allSucceeded()).as("the fall-through 1007 answered").isTrue();
        noCallLeft();
    }

    @Test
    void directedAndGroupPickupAnswerARingingCallInTheCalleesPlace() throws Exception {
        int ringingPort = SippRuns.register(lab.server, dir, "1008", Duration.ofSeconds(30));
        SippRuns.register(lab.server, dir, "1009", Duration.ofSeconds(30));
        pickUp("1008", ringingPort, "1009", "**1008", "directed");

        int deskPort = SippRuns.register(lab.server, dir, "1012", Duration.ofSeconds(30));
        SippRuns.register(lab.server, dir, "1010", Duration.ofSeconds(30));
        ringGroup("desk", "{\"number\":\"6003\",\"strategy\":\"all\",\"members\":[\"1010\",\"1012\"],\"ringSeconds\":20}");
        pickUp("1012", deskPort, "1010", "*8", "group");

        SippResult nothing = caller("1009", SippScenario.CALLER_REJECTED, "**1005", "pickup-nothing", Duration.ofSeconds(20))
                .placeholder("status", "404").run();
        assertThat(nothing.allSucceeded()).as("nothing ringing for 1005: 404; %s", nothing.describe()).isTrue();
    }

    /** 1001 calls {@code ringing}; while it rings, {@code picker} dials {@code code} and talks to 1001 instead. */
    private void pickUp(String ringing, int ringingPort, String picker, String code, String name) throws Exception {
        SippProcess rings = callee(SippScenario.CALLEE_RINGS_UNTIL_CANCEL, ringing, ringingPort, name + "-ringing", Duration.ofSeconds(20));
        SippProcess call = caller(SippScenario.CALLER_HANGS_UP, ringing, name + "-caller", Duration.ofSeconds(20))
                .pause(Duration.ofSeconds(2)).start();
        await().atMost(SETTLE).until(() -> lab.server.calls().activeCalls() == 1);
        Thread.sleep(500);
        SippResult picked = caller(picker, SippScenario.CALLER_AWAITS_BYE, code, name + "-picker", Duration.ofSeconds(20)).run();
        assertThat(picked.allSucceeded()).as("%s pickup: %s", name, picked.describe()).isTrue();
        assertThat(call.await().allSucceeded()).as("%s: the caller was answered by the picker", name).isTrue();
        assertThat(rings.await().allSucceeded()).as("%s: the ringing phone got CANCEL", name).isTrue();
        noCallLeft();
        assertThat(cdrOf(picker).caller()).isEqualTo(CALLER);
    }

    @Test
    void ringGroupChangesAreRefusedByField() throws Exception {
        var strategy = lab.admin.putRaw("/api/ring-groups/x", "{\"number\":\"6009\",\"strategy\":\"random\",\"members\":[\"1002\"]}");
        assertThat(strategy.statusCode()).isEqualTo(400);
        assertThat(strategy.body()).contains("\"field\":\"strategy\"");
        var taken = lab.admin.putRaw("/api/ring-groups/x", "{\"number\":\"1002\",\"members\":[\"1003\"]}");
        assertThat(taken.body()).contains("\"field\":\"number\"").contains("extension 1002");
        var members = lab.admin.putRaw("/api/ring-groups/x", "{\"number\":\"6009\",\"members\":[]}");
        assertThat(members.body()).contains("\"field\":\"members\"");
        assertThat(lab.admin.putRaw("/api/ring-groups/x", "{\"number\":\"6009\",\"members\":[\"1003\"],\"ringSeconds\":1}")
                .body()).contains("\"field\":\"ringSeconds\"");
    }
}
