package io.switchboard.loadtest.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.common.ng.NgClient;
import io.switchboard.loadtest.Scratch;
import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.SippResult;
import io.switchboard.loadtest.SippScenario;
import io.switchboard.loadtest.SippTransport;
import io.switchboard.loadtest.UserCsv;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Starts and stops each peer, and runs a tiny real load against it. Skipped, with the package to
 * install, where the peer (or SIPp) is missing. The whole class takes about 15 s.
 */
class PeersTest {

    private static void assumeKamailio() {
        assumeTrue(Peers.kamailioInstalled(), "kamailio not installed: apt-get install kamailio");
    }

    private static void assumeRtpengine() {
        assumeTrue(Peers.rtpengineInstalled(), "rtpengine not installed: apt-get install rtpengine-daemon");
    }

    private static void assumeSipp() {
        assumeTrue(Sipp.executable().isPresent(), "sipp not installed: apt-get install sip-tester");
    }

    @Test
    @Timeout(30)
    void kamailioAnswersOptionsAndExitsOnSigterm() throws Exception {
        assumeKamailio();
        for (String config : List.of("kamailio-registrar.cfg", "kamailio-proxy.cfg")) {
            try (Scratch work = Scratch.create("peers-test-kamailio", false)) {
                PeerProcess kamailio = Peers.startKamailio(config, work.resolve("run"),
                        List.of("-A", "DBURL=\"text://" + Peers.writeUsers(work.resolve("db"), 1) + "\""));
                try {
                    assertTrue(Peers.sipOptionsOk(Peers.KAMAILIO_PORT), config + ": OPTIONS answered 200");
                    assertTrue(kamailio.stop(), config + ": exited on SIGTERM within the grace\n" + kamailio.tail());
                    assertFalse(kamailio.alive());
                    assertFalse(Peers.sipOptionsOk(Peers.KAMAILIO_PORT), config + ": nothing answers after the stop");
                } finally {
                    kamailio.close();
                }
            }
        }
        assertTrue(Peers.kamailioVersion().contains("kamailio"), Peers.kamailioVersion());
    }

    @Test
    @Timeout(30)
    void kamailioRegistrarRefusesWrongPasswordsAndUnknownUsers() throws Exception {
        assumeKamailio();
        assumeSipp();
        try (Scratch work = Scratch.create("peers-test-kamailio-auth", false);
             PeerProcess kamailio = Peers.startKamailio("kamailio-registrar.cfg", work.resolve("run"),
                     List.of("-A", "DBURL=\"text://" + Peers.writeUsers(work.resolve("db"), 5) + "\""))) {
            // Known users with wrong passwords, and users the table does not hold: every one challenged again.
            for (long first : new long[] {Peers.FIRST_EXTENSION, Peers.FIRST_EXTENSION + 1000}) {
                SippResult r = Sipp.scenario(SippScenario.WRONG_PASSWORD, Peers.KAMAILIO_PORT, work.resolve("sipp-" + first))
                        .injection(UserCsv.writeInjection(work.resolve("inf-" + first + ".csv"), first, 3,
                                first == Peers.FIRST_EXTENSION ? UserCsv::wrongPassword : UserCsv::password))
                        .localPort(Sipp.freeLocalPort(SippTransport.UDP))
                        .calls(3)
                        .timeout(Duration.ofSeconds(15))
                        .run();
                assertTrue(r.allSucceeded(), r.describe());
                assertEquals(3, r.successful());
            }
            assertTrue(kamailio.alive(), kamailio.tail());
        }
    }

    @Test
    @Timeout(30)
    void rtpengineAnswersPingAndExitsOnSigterm() throws Exception {
        assumeRtpengine();
        try (Scratch work = Scratch.create("peers-test-rtpengine", false);
             NgClient ng = new NgClient(Duration.ofMillis(500))) {
            PeerProcess rtpengine = Peers.startRtpengine(work.resolve("run"));
            try {
                assertTrue(Peers.ngPing(ng), "ng ping answered pong");
                assertTrue(rtpengine.stop(), "exited on SIGTERM within the grace\n" + rtpengine.tail());
                assertFalse(rtpengine.alive());
            } finally {
                rtpengine.close();
            }
        }
        assertTrue(Peers.rtpengineVersion().startsWith("rtpengine "), Peers.rtpengineVersion());
    }

    @Test
    @Timeout(60)
    void kamailioRegistersTwoHundredUsers() throws Exception {
        assumeKamailio();
        assumeSipp();
        PeerResult r = Peers.kamailioRegister(200, 1, Duration.ofSeconds(30));
        assertEquals("kamailio", r.peer());
        assertEquals(0.0, r.figures().get("failed"), r.toString());
        assertEquals(200.0, r.figures().get("successful"));
        assertTrue(r.figures().get("registrations_per_s") > 0);
        assertTrue(r.figures().get("time_to_register_ms") > 0);
        assertTrue(r.figures().get("cpu_us_per_registration") >= 0);
        assertTrue(r.series().get("rate").stream().mapToDouble(p -> p[1]).sum() > 0, "rate series");
    }

    @Test
    @Timeout(60)
    void rtpengineRelaysOneSmallStep() throws Exception {
        assumeRtpengine();
        PeerResult r = Peers.rtpengineMedia(new int[] {20}, Duration.ofSeconds(2));
        assertEquals("rtpengine", r.peer());
        // Sanity, not performance (the machine may be busy): the step ran and rtpengine relayed both ways,
        // 20 sessions x 100 packets/s.
        assertEquals(20.0, r.figures().get("last_step_sessions"), r.figures().toString());
        assertTrue(r.figures().get("last_step_pps") > 1500 && r.figures().get("last_step_pps") < 2200, r.figures().toString());
        assertTrue(r.figures().get("last_step_loss_pct") < 25, r.figures().toString());
        assertTrue(r.figures().get("last_step_us_per_packet") > 0, r.figures().toString());
        assertTrue(r.version().startsWith("rtpengine "), r.version());
    }
}
