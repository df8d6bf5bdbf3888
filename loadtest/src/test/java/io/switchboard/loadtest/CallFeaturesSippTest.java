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
 * Call features of the B2BUA with SIPp phones: a late-offer INVITE (RFC 3264 §4) and session timers
 * (RFC 4028) cleaning up the call of a phone that vanished.
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
        lab = SippLab.start(dir, 12, 44700, 44799);
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
        Path inf = dir.resolve("inf-caller.csv");
        if (!Files.exists(inf)) {
            UserCsv.writeInjection(inf, Long.parseLong(CALLER), 1, UserCsv::password);
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
}
