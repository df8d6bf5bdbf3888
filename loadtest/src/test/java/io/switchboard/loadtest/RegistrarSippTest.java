package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.directory.ImportReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whole registration flows against a real signaling server, driven by SIPp over UDP and TCP.
 * Each test owns a block of 100 extensions, so the tests do not depend on one another's bindings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrarSippTest {
    private static final int USERS = 100;
    private static final long UDP_BLOCK = 1000;
    private static final long TCP_BLOCK = 2000;
    private static final long WRONG_PASSWORD_BLOCK = 3000;
    private static final long ACCEPTED_BLOCK = 4000;
    private static final int ACCEPTED_USERS = 10;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(30);

    Path dir;
    SignalingServer server;
    AdminClient admin;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        io.switchboard.loadtest.RequiredTool.require(Sipp.executable().isPresent(),
                "sipp is not on the PATH: install SIPp (Debian/Ubuntu package sip-tester) to run the SIPp flows");
        server = LocalSignaling.start(dir.resolve("data"), Map.of(), System.out);
        admin = new AdminClient(server.httpPort(), server.adminPassword());
        for (long first : List.of(UDP_BLOCK, TCP_BLOCK, WRONG_PASSWORD_BLOCK, ACCEPTED_BLOCK)) {
            ImportReport report = admin.importUsers(
                    UserCsv.writeUsers(dir.resolve("users-" + first + ".csv"), first, USERS), IMPORT_TIMEOUT);
            assertThat(report.imported()).as("users imported from block %d: %s", first, report).isEqualTo(USERS);
            assertThat(report.failed()).isZero();
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SippTransport.class)
    void hundredPhonesRegisterWithDigestThenRefreshQueryAndUnregister_rfc3261_10_2(SippTransport transport)
            throws Exception {
        long first = transport == SippTransport.UDP ? UDP_BLOCK : TCP_BLOCK;
        Path inf = UserCsv.writeInjection(dir.resolve("inf-" + transport + ".csv"), first, USERS, UserCsv::password);
        // Both runs bind the same local port, so the second run's Contact is the binding the first made.
        int localPort = Sipp.freeLocalPort(transport);

        SippResult register = run(SippScenario.REGISTER, transport, inf, localPort, USERS, "register-" + transport);

        assertThat(register.allSucceeded()).as(register.describe()).isTrue();
        assertThat(register.successful()).as(register.describe()).isEqualTo(USERS);
        for (long ext : extensions(first, USERS)) {
            String contact = "sip:" + ext + "@127.0.0.1:" + localPort;
            assertThat(server.location().lookup(Long.toString(ext)).contacts())
                    .as("bindings of %d after REGISTER over %s", ext, transport)
                    .singleElement().satisfies(b -> assertThat(b.contact()).startsWith(contact));
            assertThat(admin.contacts(Long.toString(ext))).singleElement().asString().startsWith(contact);
        }

        SippResult lifecycle = run(SippScenario.REREGISTER_QUERY_UNREGISTER, transport, inf, localPort, USERS,
                "lifecycle-" + transport);

        assertThat(lifecycle.allSucceeded()).as(lifecycle.describe()).isTrue();
        assertThat(lifecycle.successful()).as(lifecycle.describe()).isEqualTo(USERS);
        for (long ext : extensions(first, USERS)) {
            assertThat(server.location().lookup(Long.toString(ext)).contacts())
                    .as("bindings of %d after Expires: 0 over %s", ext, transport).isEmpty();
            assertThat(admin.contacts(Long.toString(ext))).isEmpty();
        }
    }

    @Test
    void wrongPasswordIsChallengedAgainAndNeverBinds_rfc7616_3_4() {
        Path inf = UserCsv.writeInjection(dir.resolve("inf-wrong.csv"), WRONG_PASSWORD_BLOCK, USERS,
                UserCsv::wrongPassword);

        SippResult r = run(SippScenario.WRONG_PASSWORD, SippTransport.UDP, inf, 0, USERS, "wrong-password");

        // A call succeeds only when its credentials were answered 401; a 200 would fail it.
        assertThat(r.allSucceeded()).as(r.describe()).isTrue();
        assertThat(r.successful()).as(r.describe()).isEqualTo(USERS);
        assertThat(r.stats().failedUnexpectedMessage()).isZero();
        for (long ext : extensions(WRONG_PASSWORD_BLOCK, USERS)) {
            assertThat(server.location().lookup(Long.toString(ext)).contacts()).as("bindings of %d", ext).isEmpty();
        }
    }

    /** Proves the wrong-password scenario can fail: with the right password the 200 is unexpected. */
    @Test
    void wrongPasswordScenarioFailsEveryCallThatGets200() {
        Path inf = UserCsv.writeInjection(dir.resolve("inf-accepted.csv"), ACCEPTED_BLOCK, ACCEPTED_USERS,
                UserCsv::password);

        SippResult r = run(SippScenario.WRONG_PASSWORD, SippTransport.UDP, inf, 0, ACCEPTED_USERS, "accepted");

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.successful()).isZero();
        assertThat(r.stats().failedUnexpectedMessage()).as(r.describe()).isEqualTo(ACCEPTED_USERS);
        assertThat(r.errors()).contains("SIP/2.0 200");
    }

    @ParameterizedTest
    @EnumSource(SippTransport.class)
    void optionsIsAnswered200_rfc3261_11(SippTransport transport) {
        SippResult r = run(SippScenario.OPTIONS, transport, null, 0, 20, "options-" + transport);

        assertThat(r.allSucceeded()).as(r.describe()).isTrue();
        assertThat(r.successful()).isEqualTo(20);
    }

    private SippResult run(SippScenario scenario, SippTransport transport, Path inf, int localPort, int calls,
            String name) {
        return Sipp.scenario(scenario, server.sipPort(), dir.resolve("sipp-" + name))
                .transport(transport)
                .injection(inf)
                .localPort(localPort > 0 ? localPort : Sipp.freeLocalPort(transport))
                .calls(calls)
                .rate(200, Duration.ofSeconds(1))
                .limit(50)
                .timeout(RUN_TIMEOUT)
                .run();
    }

    private static List<Long> extensions(long first, int count) {
        return LongStream.range(first, first + count).boxed().toList();
    }
}
