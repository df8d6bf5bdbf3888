package io.switchboard.loadtest.phone;

import static io.switchboard.loadtest.phone.PhoneLab.ALICE;
import static io.switchboard.loadtest.phone.PhoneLab.ALICE_HZ;
import static io.switchboard.loadtest.phone.PhoneLab.BOB;
import static io.switchboard.loadtest.phone.PhoneLab.BOB_HZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.loadtest.AdminClient;
import io.switchboard.loadtest.AdminClient.CallDetail;
import io.switchboard.ivr.IvrServer;
import io.switchboard.media.MediaServer;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.call.CallState;
import io.switchboard.signaling.call.CallStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real soft-phones (Debian's baresip 1.0, default digest settings) through signaling bound to a
 * non-default loopback address, 127.0.0.41, and a real media node: they register (RFC 3261 §10,
 * MD5 challenge), call, hear each other's tone through the relay (checked by frequency), and hang
 * up from either side. The ACK and BYE reach signaling only if Via and Contact name the address it
 * is bound to (RFC 3261 §12.1.1, §18.2.2): a call that "lasts" 32 s and ends by callee would show it.
 * Alice also dials the demo IVR, presses 2 on the phone's keypad (baresip sends RFC 4733 events)
 * and is transferred to Bob (RFC 3515), whom she then hears.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class BaresipCallTest {
    private static final Duration SETTLE = Duration.ofSeconds(15);

    PhoneLab lab;
    SignalingServer server;
    MediaServer media;
    IvrServer ivr;
    AdminClient admin;
    Baresip alice;
    Baresip bob;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Baresip.require();
        lab = PhoneLab.start(dir, "phones", 41000, 41200, SETTLE);
        server = lab.server;
        media = lab.media;
        ivr = lab.ivr;
        admin = lab.admin;
        // 1001 and 1002: the demo IVR on 8000 transfers to 100N on digit N.
        alice = lab.alice(dir);
        bob = lab.bob(dir);
    }

    @AfterAll
    void stop() {
        PhoneLab.closeAll(alice, bob, lab);
    }

    @Test
    void baresipWithDefaultSettingsRegistersAgainstTheMd5Challenge_rfc3261_10() throws Exception {
        awaitRegistered(ALICE);
        awaitRegistered(BOB);
        // baresip prints the registrar's answer; an MD5-less challenge made it give up before any 200.
        assertThat(alice.log()).contains("200 OK (Switchboard) [1 binding]");
        assertThat(bob.log()).contains("200 OK (Switchboard) [1 binding]");
    }

    @Test
    void callerHangsUpAfterTwoWayAudioThroughTheRelay_rfc3261_15_1() throws Exception {
        CallDetail cdr = call(alice, BOB, alice);
        assertThat(cdr.endedBy()).isEqualTo("caller");
        assertTwoWayAudio();
    }

    @Test
    void calleeHangsUpAndTheCallerGetsTheBye_rfc3261_15_1() throws Exception {
        CallDetail cdr = call(alice, BOB, bob);
        assertThat(cdr.endedBy()).isEqualTo("callee");
        assertTwoWayAudio();
    }

    @Test
    void keypadDigitToTheDemoIvrTransfersTheCallerToTheExtension_rfc4733_rfc3515() throws Exception {
        awaitRegistered(ALICE);
        awaitRegistered(BOB);
        alice.forgetRecordings();
        bob.forgetRecordings();
        int before = admin.cdrs().size();
        CallStore calls = new CallStore(server.hazelcast());
        int bobCalls = established(bob);
        alice.dial("8000");
        await().atMost(SETTLE).until(() -> ivr.calls().size() == 1
                && calls.all().stream().anyMatch(c -> c.state() == CallState.ANSWERED));
        Thread.sleep(1500);
        alice.sendDigits("2");
        // The IVR hands Alice on with REFER; signaling rings Bob, who answers at once, and the IVR leaves.
        await().atMost(SETTLE).until(() -> ivr.calls().size() == 0 && established(bob) > bobCalls);
        Thread.sleep(3000);
        alice.hangUp();
        await().atMost(SETTLE).until(() -> server.calls().activeCalls() == 0 && admin.cdrs().size() > before);

        Tone.Heard byAlice = Tone.measureTail(alice.lastHeard(), 2.0);
        Tone.Heard byBob = Tone.measure(bob.lastHeard());
        assertThat(byAlice.hz()).as("after the transfer Alice hears Bob's tone: %s", byAlice).isBetween(BOB_HZ - 20.0, BOB_HZ + 20.0);
        assertThat(byBob.hz()).as("Bob hears Alice's tone: %s", byBob).isBetween(ALICE_HZ - 20.0, ALICE_HZ + 20.0);
        assertThat(byBob.rms()).as("Bob hears something: %s", byBob).isGreaterThan(1000);
    }

    private static int established(Baresip phone) throws java.io.IOException {
        return phone.log().split("Call established", -1).length - 1;
    }

    private CallDetail call(Baresip from, String number, Baresip hangsUp) throws Exception {
        return lab.call(alice, bob, from, number, hangsUp, SETTLE);
    }

    private void assertTwoWayAudio() {
        lab.assertTwoWayAudio(alice, bob, SETTLE);
    }

    private void awaitRegistered(String extension) {
        lab.awaitRegistered(extension, SETTLE);
    }
}
