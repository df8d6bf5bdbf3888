package io.switchboard.loadtest.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.ivr.IvrServer;
import io.switchboard.loadtest.AdminClient;
import io.switchboard.loadtest.AdminClient.CallDetail;
import io.switchboard.media.MediaServer;
import io.switchboard.signaling.SignalingServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real Linphone phones (Debian's linphonec 5.1, default account settings, one headless process
 * each, see {@link Linphone}) through signaling bound to a non-default loopback address, 127.0.0.41,
 * a real media node and the embedded demo IVR: they register (RFC 3261 §10, MD5 challenge) and
 * Linphone parses the Contact of our 200 (its belle-sip refused the whole header once, see the
 * +sip.instance fix); Alice calls Bob, who answers at once, they hear each other's tone through the
 * relay (linphonec's "files" sound card plays a WAV as microphone and records what it hears; checked
 * by frequency), Alice hangs up and the CDR says so with the duration the call was held; Alice dials
 * the IVR, presses 2 (Linphone sends RFC 4733 events by default) and is transferred to Bob
 * (RFC 3515), whom she then hears.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class LinphoneCallTest {
    private static final String ADDRESS = "127.0.0.41";
    private static final String ALICE = "1001";
    private static final String BOB = "1002";
    private static final String ALICE_PASSWORD = "Alice-Lp7w-1001";
    private static final String BOB_PASSWORD = "Bob-Lp7w-1002";
    private static final String CAROL = "1003";
    private static final String CAROL_PASSWORD = "Carol-Lp7w-1003";
    private static final int CAROL_HZ = 1200;
    private static final int ALICE_HZ = 400;
    private static final int BOB_HZ = 800;
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    PhoneLab lab;
    SignalingServer server;
    MediaServer media;
    IvrServer ivr;
    AdminClient admin;
    Linphone alice;
    Linphone bob;
    Linphone carol;
    String hostPort;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        io.switchboard.loadtest.RequiredTool.require(Linphone.executable().isPresent(),
                "linphonec is not installed: apt-get install linphone-cli (.ci/run installs it) to run the Linphone tests");
        lab = PhoneLab.start(dir, "linphone", 41400, 41600, SETTLE);
        server = lab.server;
        media = lab.media;
        ivr = lab.ivr;
        admin = lab.admin;
        // 1001 and 1002: the demo IVR on 8000 transfers to 100N on digit N.
        server.users().create(ALICE, ALICE_PASSWORD, "Alice");
        server.users().create(BOB, BOB_PASSWORD, "Bob");
        server.users().create(CAROL, CAROL_PASSWORD, "Carol");
        hostPort = ADDRESS + ":" + server.sipPort();
        alice = Linphone.start(dir.resolve("alice"), ALICE, ALICE_PASSWORD, ADDRESS, hostPort, ALICE_HZ, false);
        bob = Linphone.start(dir.resolve("bob"), BOB, BOB_PASSWORD, ADDRESS, hostPort, BOB_HZ, true);
        carol = Linphone.start(dir.resolve("carol"), CAROL, CAROL_PASSWORD, ADDRESS, hostPort, CAROL_HZ, true);
    }

    @AfterAll
    void stop() {
        PhoneLab.closeAll(alice, bob, carol, lab);
    }

    @Test
    void linphoneWithDefaultSettingsRegistersAgainstTheMd5ChallengeAndParsesOurContact_rfc3261_10() throws Exception {
        awaitRegistered(ALICE, alice);
        awaitRegistered(BOB, bob);
        for (Linphone phone : List.of(alice, bob)) {
            phone.askRegistration();
            assertThat(phone.awaitConsole("registered, identity=", SETTLE)).as("status register:\n%s", phone.console())
                    .isTrue();
            String log = phone.log();
            // The challenge it answered was MD5 (RFC 3261 §22.4), and the 200 came back.
            assertThat(log).contains("WWW-Authenticate: Digest").containsPattern("Authorization:\\s+Digest .*algorithm=MD5");
            assertThat(log).containsPattern("SIP/2.0 200 OK[\\s\\S]*CSeq: \\d+ REGISTER");
            // belle-sip logs "<header> parser error" for every header it refuses, e.g. our Contact.
            assertThat(log).as("linphonec debug log").doesNotContain("parser error");
        }
    }

    @Test
    void callerHangsUpAfterTwoWayAudioThroughTheRelay_rfc3261_15_1() throws Exception {
        awaitRegistered(ALICE, alice);
        awaitRegistered(BOB, bob);
        alice.newRecording();
        bob.newRecording();
        int before = admin.cdrs().size();
        long dialed = System.nanoTime();
        alice.call("sip:" + BOB + "@" + hostPort);
        await().atMost(SETTLE).until(() -> liveCalls().stream().anyMatch(c -> answered(c, ALICE, BOB)));
        long answered = System.nanoTime();
        Thread.sleep(3000);
        alice.hangUp();
        long hungUp = System.nanoTime();
        await().atMost(SETTLE).until(() -> admin.cdrs().size() > before && server.calls().activeCalls() == 0);
        long ended = System.nanoTime();
        CallDetail cdr = admin.cdrs().get(0);
        assertThat(cdr.disposition()).as("%s", cdr).isEqualTo("ANSWERED");
        assertThat(cdr.endedBy()).as("%s", cdr).isEqualTo("caller");
        // The BYE found us: the call lasted the ~3 s it was held, not the 32 s of a lost ACK.
        assertThat(cdr.durationMillis()).as("%s", cdr)
                .isBetween(millis(hungUp - answered) - 1000, millis(ended - dialed) + 500);
        assertTwoWayAudio();
    }

    @Test
    void keypadDigitToTheDemoIvrTransfersTheCallerToTheExtension_rfc4733_rfc3515() throws Exception {
        awaitRegistered(ALICE, alice);
        awaitRegistered(BOB, bob);
        alice.newRecording();
        bob.newRecording();
        int before = admin.cdrs().size();
        int bobCalls = bob.connected();
        alice.call("sip:8000@" + hostPort);
        await().atMost(SETTLE).until(() -> ivr.calls().size() == 1
                && liveCalls().stream().anyMatch(c -> "ANSWERED".equals(c.path("state").asText())));
        Thread.sleep(1500);
        alice.sendDigits("2");
        // The IVR hands Alice on with REFER; signaling rings Bob, who answers at once, and the IVR leaves.
        await().atMost(SETTLE).until(() -> ivr.calls().size() == 0 && bob.connected() > bobCalls);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(liveCalls())
                .as("/api/calls after the transfer").anyMatch(c -> answered(c, ALICE, BOB)));
        Thread.sleep(3000);
        alice.hangUp();
        await().atMost(SETTLE).until(() -> server.calls().activeCalls() == 0 && admin.cdrs().size() > before);

        await().atMost(SETTLE).untilAsserted(() -> {
            Tone.Heard byAlice = Tone.measureTail(alice.lastHeard(), 2.0);
            Tone.Heard byBob = Tone.measure(bob.lastHeard());
            assertThat(byAlice.hz()).as("after the transfer Alice hears Bob's tone: %s", byAlice)
                    .isBetween(BOB_HZ - 20.0, BOB_HZ + 20.0);
            assertThat(byBob.hz()).as("Bob hears Alice's tone: %s", byBob).isBetween(ALICE_HZ - 20.0, ALICE_HZ + 20.0);
            assertThat(byBob.rms()).as("Bob hears something: %s", byBob).isGreaterThan(1000);
        });
    }

    /**
     * Linphone's attended transfer: Bob, talking to Alice, holds her, calls Carol, then transfers Alice
     * to Carol (REFER with Replaces naming his dialog with Carol, RFC 5589 §7, RFC 3891). Switchboard
     * joins Alice and Carol itself: Carol is re-INVITEd to the relay port that faced Bob, Alice is
     * resumed, Bob's two dialogs are released, and Alice and Carol hear each other.
     */
    @Test
    void holdConsultAndTransferJoinsTheTransfereeToTheTarget_rfc5589_7_rfc3891() throws Exception {
        awaitRegistered(ALICE, alice);
        awaitRegistered(BOB, bob);
        awaitRegistered(CAROL, carol);
        alice.call("sip:" + BOB + "@" + hostPort);
        await().atMost(SETTLE).until(() -> liveCalls().stream().anyMatch(c -> answered(c, ALICE, BOB)));
        int withAlice = bob.lastCallId();
        bob.pause(withAlice);
        await().atMost(SETTLE).until(() -> alice.console().contains("has been paused by"));
        bob.call("sip:" + CAROL + "@" + hostPort);
        await().atMost(SETTLE).until(() -> liveCalls().stream().anyMatch(c -> answered(c, BOB, CAROL)));
        int withCarol = bob.lastCallId();
        assertThat(withCarol).isNotEqualTo(withAlice);
        alice.newRecording();
        carol.newRecording();
        int before = admin.cdrs().size();

        bob.transferToCall(withAlice, withCarol);

        await().atMost(SETTLE).untilAsserted(() -> assertThat(liveCalls()).as("/api/calls after the attended transfer")
                .singleElement().matches(c -> answered(c, ALICE, CAROL), "Alice talks to Carol"));
        Thread.sleep(3000);
        alice.hangUp();
        await().atMost(SETTLE).until(() -> server.calls().activeCalls() == 0 && admin.cdrs().size() >= before + 2);
        List<CallDetail> cdrs = admin.cdrs();
        assertThat(cdrs).as("CDRs: the joined call, and Bob's consultation call").anySatisfy(c -> {
            assertThat(c.caller()).isEqualTo(ALICE);
            assertThat(c.callee()).isEqualTo(CAROL);
            assertThat(c.endedBy()).isEqualTo("caller");
        });
        await().atMost(SETTLE).untilAsserted(() -> {
            Tone.Heard byAlice = Tone.measureTail(alice.lastHeard(), 2.0);
            Tone.Heard byCarol = Tone.measureTail(carol.lastHeard(), 2.0);
            assertThat(byAlice.hz()).as("Alice hears Carol's tone: %s", byAlice).isBetween(CAROL_HZ - 25.0, CAROL_HZ + 25.0);
            assertThat(byCarol.hz()).as("Carol hears Alice's tone: %s", byCarol).isBetween(ALICE_HZ - 20.0, ALICE_HZ + 20.0);
            assertThat(byCarol.rms()).as("Carol hears something: %s", byCarol).isGreaterThan(1000);
        });
    }

    private void assertTwoWayAudio() {
        await().atMost(SETTLE).untilAsserted(() -> {
            Tone.Heard byAlice = Tone.measure(alice.lastHeard());
            Tone.Heard byBob = Tone.measure(bob.lastHeard());
            assertThat(byAlice.rms()).as("Alice hears something: %s", byAlice).isGreaterThan(1000);
            assertThat(byAlice.hz()).as("Alice hears Bob's tone: %s", byAlice).isBetween(BOB_HZ - 20.0, BOB_HZ + 20.0);
            assertThat(byBob.rms()).as("Bob hears something: %s", byBob).isGreaterThan(1000);
            assertThat(byBob.hz()).as("Bob hears Alice's tone: %s", byBob).isBetween(ALICE_HZ - 20.0, ALICE_HZ + 20.0);
        });
    }

    /** {@code GET /api/calls}: the live calls as the admin API lists them. */
    private List<JsonNode> liveCalls() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api/calls"))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + server.adminPassword()).getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET /api/calls: %s", r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).path("items").forEach(out::add);
        return out;
    }

    private static boolean answered(JsonNode call, String caller, String callee) {
        return caller.equals(call.path("caller").asText()) && callee.equals(call.path("callee").asText())
                && "ANSWERED".equals(call.path("state").asText());
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private void awaitRegistered(String extension, Linphone phone) {
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(phone.log()).as("linphonec log of %s", extension).contains("to [LinphoneRegistrationOk]");
            assertThat(server.location().lookup(extension).contacts()).as("bindings of %s", extension).isNotEmpty();
        });
    }
}
