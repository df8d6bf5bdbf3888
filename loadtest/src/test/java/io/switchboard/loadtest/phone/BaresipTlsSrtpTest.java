package io.switchboard.loadtest.phone;

import static io.switchboard.loadtest.phone.PhoneLab.ALICE;
import static io.switchboard.loadtest.phone.PhoneLab.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted signaling and media together: baresip on TLS with SRTP when it can ({@code mediaenc=srtp},
 * which offers RTP/AVP with a=crypto, RFC 8643's opportunistic SRTP) calls a plain UDP phone, and is
 * called by it: signaling offers a callee reached only over TLS opportunistic SRTP, which this phone
 * takes. Both ways the phone reports SRTP enabled and audio is checked both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class BaresipTlsSrtpTest {
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private PhoneLab lab;
    private Baresip alice;
    private Baresip bob;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Baresip.require();
        lab = PhoneLab.startWithTls(dir, "tlssrtp", 42000, 42200, SETTLE);
        Path caFile = dir.resolve("ca.pem");
        alice = lab.alice(dir, Baresip.Options.DEFAULT.overTls(caFile).encrypting("srtp"));
        bob = lab.bob(dir);
    }

    @AfterAll
    void stop() {
        PhoneLab.closeAll(alice, bob, lab);
    }

    private static int srtpCalls(Baresip phone) throws Exception {
        return phone.log().split("SRTP is Enabled", -1).length - 1;
    }

    @Test
    void theTlsPhoneOffersOpportunisticSrtpToAPlainPhone_rfc8643() throws Exception {
        int before = srtpCalls(alice);
        lab.call(alice, bob, alice, BOB, bob, SETTLE);
        lab.assertTwoWayAudio(alice, bob, SETTLE);
        assertThat(srtpCalls(alice)).as("Alice's leg was SRTP").isGreaterThan(before);
    }

    @Test
    void aPlainPhoneCallsTheTlsPhoneWhichTakesTheOpportunisticSrtpOffer_rfc8643_rfc4568_8_3() throws Exception {
        int before = srtpCalls(alice);
        lab.call(alice, bob, bob, ALICE, alice, SETTLE);
        lab.assertTwoWayAudio(alice, bob, SETTLE);
        assertThat(srtpCalls(alice)).as("Alice's leg was SRTP").isGreaterThan(before);
    }
}
