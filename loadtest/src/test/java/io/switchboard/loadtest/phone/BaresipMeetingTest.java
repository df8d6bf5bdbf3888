package io.switchboard.loadtest.phone;

import static io.switchboard.loadtest.phone.PhoneLab.ALICE;
import static io.switchboard.loadtest.phone.PhoneLab.ALICE_HZ;
import static io.switchboard.loadtest.phone.PhoneLab.BOB;
import static io.switchboard.loadtest.phone.PhoneLab.BOB_HZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.loadtest.AdminClient;
import io.switchboard.loadtest.WorkerKeys;
import io.switchboard.meeting.MeetingServer;
import io.switchboard.meeting.MeetingSettings;
import io.switchboard.signaling.SignalingServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conference room with two real soft-phones (Debian's baresip 1.0, default digest settings)
 * through signaling on 127.0.0.41: both dial the room and key its PIN on the keypad (RFC 4733), then
 * Bob keys {@code *6} (muted) and {@code *6} again (unmuted), and each hears the other's tone through
 * the media node and the meeting node's mix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class BaresipMeetingTest {
    private static final Duration SETTLE = Duration.ofSeconds(15);

    PhoneLab lab;
    MeetingServer meeting;
    SignalingServer server;
    AdminClient admin;
    Baresip alice;
    Baresip bob;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Baresip.require();
        lab = PhoneLab.start(dir, "meeting-phones", 43600, 43800, SETTLE);
        server = lab.server;
        admin = lab.admin;
        Map<String, String> keys = WorkerKeys.on(PhoneLab.ADDRESS, "meeting", "meeting-phones", 44000, 44099,
                dir.resolve("meeting"));
        meeting = MeetingServer.embedded(MeetingSettings.load(keys), "loadtest", System.out, server.hazelcast());
        await().atMost(SETTLE).until(() -> admin.nodes("meeting").stream().anyMatch(AdminClient.Node::online));
        admin.postJson("/api/rooms", """
                {"number": "9000", "name": "standup", "pin": "2468"}""");
        alice = lab.alice(dir);
        bob = lab.bob(dir);
    }

    @AfterAll
    void stop() {
        PhoneLab.closeAll(alice, bob, meeting, lab);
    }

    @Test
    void twoPhonesKeyThePinHearEachOtherAndStarSixMutesOne_rfc4733() throws Exception {
        awaitRegistered(ALICE);
        awaitRegistered(BOB);
        alice.dial("9000");
        bob.dial("9000");
        await().atMost(SETTLE).until(() -> meeting.worker().size() == 2);
        Thread.sleep(1500); // the PIN prompt starts
        alice.sendDigits("2468#");
        bob.sendDigits("2468#");
        await().atMost(SETTLE).untilAsserted(() -> assertThat(participants()).hasSize(2));
        Thread.sleep(2000); // the "only participant" prompt is over

        bob.sendDigits("*6");
        await().atMost(SETTLE).until(() -> muted(BOB));
        bob.sendDigits("*6");
        await().atMost(SETTLE).until(() -> !muted(BOB));
        Thread.sleep(4000); // both talk again
        alice.hangUp();
        bob.hangUp();
        await().atMost(SETTLE).until(() -> meeting.worker().size() == 0 && server.calls().activeCalls() == 0);

        Tone.Heard byAlice = Tone.measureTail(alice.lastHeard(), 2.0);
        Tone.Heard byBob = Tone.measureTail(bob.lastHeard(), 2.0);
        assertThat(byAlice.hz()).as("Alice hears Bob: %s", byAlice).isBetween(BOB_HZ - 20.0, BOB_HZ + 20.0);
        assertThat(byBob.hz()).as("Bob hears Alice: %s", byBob).isBetween(ALICE_HZ - 20.0, ALICE_HZ + 20.0);
    }

    private boolean muted(String caller) throws Exception {
        for (JsonNode p : participants()) {
            if (p.path("caller").asText().equals(caller)) {
                return p.path("muted").asBoolean();
            }
        }
        return false;
    }

    private JsonNode participants() throws Exception {
        return admin.getJson("/api/rooms/9000").path("live").path("participants");
    }

    private void awaitRegistered(String extension) {
        await().atMost(SETTLE).untilAsserted(() -> assertThat(server.location().lookup(extension).contacts())
                .as("bindings of %s", extension).isNotEmpty());
    }
}
