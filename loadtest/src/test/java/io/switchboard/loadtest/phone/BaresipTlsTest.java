package io.switchboard.loadtest.phone;

import static io.switchboard.loadtest.phone.PhoneLab.ALICE;
import static io.switchboard.loadtest.phone.PhoneLab.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.loadtest.AdminClient.CallDetail;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIP over TLS with a real phone (RFC 3261 §26.2): Debian's baresip 1.0 registers over TLS to
 * signaling on 127.0.0.41, checking its certificate against a test CA made here, and calls a baresip
 * registered over UDP, both ways: the INVITE to the TLS phone and the BYE to it go down the
 * connection it opened (RFC 5923 §4: behind NAT no other way reaches it). Audio is checked both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class BaresipTlsTest {
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private PhoneLab lab;
    private Baresip alice;
    private Baresip bob;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Baresip.require();
        lab = PhoneLab.startWithTls(dir, "tls", 41400, 41600, SETTLE);
        Path caFile = dir.resolve("ca.pem");
        alice = lab.alice(dir, Baresip.Options.DEFAULT.overTls(caFile));
        bob = lab.bob(dir);
    }

    @AfterAll
    void stop() {
        PhoneLab.closeAll(alice, bob, lab);
    }

    @Test
    void aPhoneRegistersOverTlsAndItsBindingKeepsTheTransport_rfc3261_26_2() throws Exception {
        lab.awaitRegistered(ALICE, SETTLE);
        assertThat(lab.server.location().lookup(ALICE).contacts()).allSatisfy(c -> assertThat(c.transport()).isEqualTo("TLS"));
        assertThat(alice.log()).contains("200 OK (Switchboard) [1 binding]");
    }

    @Test
    void theTlsPhoneCallsAUdpPhoneWithAudioBothWaysAndGetsTheByeOnItsConnection_rfc3261_26_2() throws Exception {
        CallDetail cdr = lab.call(alice, bob, alice, BOB, bob, SETTLE);
        assertThat(cdr.endedBy()).isEqualTo("callee");
        lab.assertTwoWayAudio(alice, bob, SETTLE);
    }

    @Test
    void aUdpPhoneCallsTheTlsPhoneThroughTheConnectionItOpened_rfc5923_4() throws Exception {
        CallDetail cdr = lab.call(alice, bob, bob, ALICE, alice, SETTLE);
        assertThat(cdr.endedBy()).isEqualTo("callee");
        lab.assertTwoWayAudio(alice, bob, SETTLE);
    }
}
