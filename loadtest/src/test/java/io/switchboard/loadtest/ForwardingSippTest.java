package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Do not disturb and call forwarding (always, busy, no answer, unregistered), set through
 * {@code /api/users/{ext}/features}, with SIPp phones: each forwarded call, and a chain of two forwards, is
 * answered by the target's phone; DND answers 486; a forwarding loop ends in 482 (RFC 3261 §21.4.20).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ForwardingSippTest {
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final String CALLER = "1001";
    private static final String TARGET = "1003";
    private Path dir;
    private SippLab lab;
    private int targetPort;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        lab = SippLab.start(dir, 10, 44600, 44699);
        targetPort = SippRuns.register(lab.server, dir, TARGET, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private void features(String ext, String json) throws Exception {
        lab.admin.putJson("/api/users/" + ext + "/features", json);
    }

    private SippProcess answering(String ext, int port, String name) {
        SippProcess p = Sipp.scenario(SippScenario.CALLEE_ANSWERS, lab.server.sipPort(), dir.resolve("sipp-" + name))
                .localPort(port).mediaPort(Sipp.freeMediaPortBlock()).key("callee", ext).placeholder("relay-port", "44[0-9]{3}")
                .recvTimeout(Duration.ofSeconds(20)).timeout(Duration.ofSeconds(40)).start();
        SippRuns.awaitBound(port);
        return p;
    }

    private Sipp caller(SippScenario scenario, String callee, String name) throws Exception {
        Path inf = dir.resolve("inf-caller.csv");
        if (!Files.exists(inf)) {
            UserCsv.writeInjection(inf, Long.parseLong(CALLER), 1, UserCsv::password);
        }
        Sipp s = Sipp.scenario(scenario, lab.server.sipPort(), dir.resolve("sipp-" + name)).injection(inf)
                .localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                .key("callee", callee).placeholder("relay-port", "44[0-9]{3}")
                .recvTimeout(Duration.ofSeconds(20)).timeout(Duration.ofSeconds(40));
        Sipp.writePcmu(s.workDir().resolve("rtp.ulaw"));
        return s;
    }

    private void answeredByTarget(String dialled, String name) throws Exception {
        SippProcess target = answering(TARGET, targetPort, name + "-target");
        SippResult call = caller(SippScenario.CALLER_HANGS_UP, dialled, name).pause(Duration.ofSeconds(1)).run();
        assertThat(call.allSucceeded()).as("%s: %s", name, call.describe()).isTrue();
        assertThat(target.await().allSucceeded()).as("%s: the forward target answered", name).isTrue();
        await().atMost(SETTLE).until(() -> lab.server.calls().activeCalls() == 0);
    }

    @Test
    void forwardingAlwaysSendsTheCallToTheTarget() throws Exception {
        features("1002", "{\"forwardAlways\":\"" + TARGET + "\"}");
        answeredByTarget("1002", "always");
        features("1002", "{\"forwardAlways\":\"\"}");
    }

    @Test
    void aForwardingChainReachesItsLastTarget() throws Exception {
        // 1007 forwards to 1002, which forwards to the target: two hops, each by the callee's own setting.
        features("1007", "{\"forwardAlways\":\"1002\"}");
        features("1002", "{\"forwardAlways\":\"" + TARGET + "\"}");
        answeredByTarget("1007", "chain");
        features("1007", "{\"forwardAlways\":\"\"}");
        features("1002", "{\"forwardAlways\":\"\"}");
    }

    @Test
    void doNotDisturbAnswersBusy_rfc3261_21_4_24() throws Exception {
        features("1004", "{\"dnd\":true}");
        SippResult r = caller(SippScenario.CALLER_REJECTED, "1004", "dnd").placeholder("status", "486").run();
        assertThat(r.allSucceeded()).as(r.describe()).isTrue();
        features("1004", "{\"dnd\":false}");
    }

    @Test
    void aBusyPhoneForwardsOnBusy() throws Exception {
        int port = SippRuns.register(lab.server, dir, "1005", Duration.ofSeconds(30));
        features("1005", "{\"forwardBusy\":\"" + TARGET + "\"}");
        SippProcess busy = Sipp.scenario(SippScenario.CALLEE_BUSY, lab.server.sipPort(), dir.resolve("sipp-busy-1005"))
                .localPort(port).mediaPort(Sipp.freeMediaPortBlock()).key("callee", "1005").placeholder("relay-port", "44[0-9]{3}")
                .recvTimeout(Duration.ofSeconds(20)).timeout(Duration.ofSeconds(40)).start();
        SippRuns.awaitBound(port);
        answeredByTarget("1005", "busy");
        assertThat(busy.await().allSucceeded()).as("1005 rang and said busy first").isTrue();
    }

    @Test
    void anUnansweredPhoneForwardsAfterItsNoAnswerTime() throws Exception {
        int port = SippRuns.register(lab.server, dir, "1006", Duration.ofSeconds(30));
        features("1006", "{\"forwardNoAnswer\":\"" + TARGET + "\",\"noAnswerSeconds\":5}");
        SippProcess ringing = Sipp.scenario(SippScenario.CALLEE_RINGS_UNTIL_CANCEL, lab.server.sipPort(), dir.resolve("sipp-ring-1006"))
                .localPort(port).mediaPort(Sipp.freeMediaPortBlock()).key("callee", "1006").placeholder("relay-port", "44[0-9]{3}")
                .recvTimeout(Duration.ofSeconds(20)).timeout(Duration.ofSeconds(40)).start();
        SippRuns.awaitBound(port);
        long t0 = System.nanoTime();
        answeredByTarget("1006", "no-answer");
        assertThat(ringing.await().allSucceeded()).as("1006 rang, then got CANCEL").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofSeconds(5));
    }

    @Test
    void anUnregisteredUserForwardsWhenUnregistered() throws Exception {
        features("1008", "{\"forwardUnregistered\":\"" + TARGET + "\"}");
        answeredByTarget("1008", "unregistered");
    }

    @Test
    void aForwardingLoopEndsIn482AndBadValuesAreRefusedByField_rfc3261_21_4_20() throws Exception {
        features("1009", "{\"forwardAlways\":\"1010\"}");
        features("1010", "{\"forwardAlways\":\"1009\"}");
        SippResult r = caller(SippScenario.CALLER_REJECTED, "1009", "loop").placeholder("status", "482").run();
        assertThat(r.allSucceeded()).as(r.describe()).isTrue();
        HttpResponse<String> self = lab.admin.putRaw("/api/users/1009/features", "{\"forwardBusy\":\"1009\"}");
        assertThat(self.statusCode()).isEqualTo(400);
        assertThat(self.body()).contains("\"field\":\"forwardBusy\"").contains("itself");
        HttpResponse<String> time = lab.admin.putRaw("/api/users/1009/features", "{\"noAnswerSeconds\":2}");
        assertThat(time.body()).contains("\"field\":\"noAnswerSeconds\"");
        assertThat(lab.admin.putRaw("/api/users/7777/features", "{\"dnd\":true}").statusCode()).isEqualTo(404);
    }
}
