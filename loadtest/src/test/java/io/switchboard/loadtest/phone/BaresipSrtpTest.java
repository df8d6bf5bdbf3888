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
 * SDES-SRTP with a real phone (RFC 4568, RFC 3711): Debian's baresip 1.0 set to encrypt its media
 * ({@code mediaenc=srtp-mand}: RTP/SAVP with a=crypto, nothing else accepted) calls a plain baresip
 * through the media node, which decrypts what Alice sends and encrypts what she hears with a key of
 * its own. Audio is checked both ways: a wrong key or a missing re-encryption would be noise or silence.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class BaresipSrtpTest {
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private PhoneLab lab;
    private Baresip alice;
    private Baresip bob;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Baresip.require();
        lab = PhoneLab.start(dir, "srtp", 41700, 41900, SETTLE);
        alice = lab.alice(dir, Baresip.Options.DEFAULT.encrypting("srtp-mand"));
        bob = lab.bob(dir);
    }

    @AfterAll
    void stop() {
        PhoneLab.closeAll(alice, bob, lab);
    }

    @Test
    void anSrtpPhoneCallsAPlainPhoneWithAudioBothWaysThroughTheMediaNode_rfc4568_rfc3711() throws Exception {
        CallDetail cdr = lab.call(alice, bob, alice, BOB, alice, SETTLE);
        assertThat(cdr.endedBy()).isEqualTo("caller");
        lab.assertTwoWayAudio(alice, bob, SETTLE);
        assertThat(alice.log()).as("baresip negotiated SRTP").containsIgnoringCase("srtp");
    }

    @Test
    void thePlainPhoneHangsUpTheSrtpCall() throws Exception {
        CallDetail cdr = lab.call(alice, bob, alice, BOB, bob, SETTLE);
        assertThat(cdr.endedBy()).isEqualTo("callee");
        lab.assertTwoWayAudio(alice, bob, SETTLE);
        lab.awaitRegistered(ALICE, SETTLE);
    }
}
