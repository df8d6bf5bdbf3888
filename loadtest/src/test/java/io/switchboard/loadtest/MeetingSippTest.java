package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.loadtest.bench.MeetingVoices;
import io.switchboard.meeting.MeetingServer;
import io.switchboard.meeting.MeetingSettings;
import io.switchboard.media.MediaServer;
import io.switchboard.signaling.SignalingServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meeting server behind signaling with SIPp participants: signaling, one media node and one
 * meeting node in this JVM and one Hazelcast cluster, on loopback with ephemeral ports. SIPp places
 * each participant's call to a room's number (through the relay, as every call); the RTP is the
 * test's own ({@link MeetingVoices}): each participant speaks a sine of its own frequency and what
 * it hears is checked by Goertzel. Rooms are made through the admin API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MeetingSippTest {
    private static final int USERS = 10;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration SETTLE = Duration.ofSeconds(10);

    Path dir;
    SippLab lab;
    SignalingServer server;
    AdminClient admin;
    MediaServer media;
    MeetingServer meeting;
    MeetingVoices voices;
    SippProcess sipp;
    String room;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        lab = SippLab.start(dir, USERS, 40500, 40999);
        server = lab.server;
        admin = lab.admin;
        media = lab.media;
        Map<String, String> keys = WorkerKeys.loopback("meeting", "meeting-a", 42400, 42599, dir.resolve("data-meeting-a"));
        meeting = lab.own(MeetingServer.embedded(MeetingSettings.load(keys), "loadtest", System.out, server.hazelcast()));
        lab.awaitOnline("meeting", 1, SETTLE);
    }

    @AfterEach
    void endParticipants() throws Exception {
        if (sipp != null) {
            // The room ends every call with BYE ("the conference has ended"), so SIPp's calls end cleanly.
            admin.postJson("/api/rooms/" + room + "/end", "{}");
            SippResult r = sipp.await();
            sipp = null;
            assertThat(r.allSucceeded()).as("participants after the room ended: %s", r.describe()).isTrue();
            assertRoomClosed(room);
        }
        if (voices != null) {
            voices.close();
            voices = null;
        }
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void everyParticipantHearsTheOthersAndNeverItself() throws Exception {
        room("9001", "");
        join("9001", new int[] {400, 700, 1100}, new int[] {4000, 4000, 4000}, 12_000);

        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(hearing(0)).contains(700, 1100).doesNotContain(400);
            assertThat(hearing(1)).contains(400, 1100).doesNotContain(700);
            assertThat(hearing(2)).contains(400, 700).doesNotContain(1100);
        });
        await().atMost(SETTLE).untilAsserted(() -> {
            JsonNode live = admin.getJson("/api/rooms/9001").path("live");
            assertThat(live.path("node").asText()).isEqualTo("meeting-a");
            assertThat(live.path("participants")).hasSize(3).allSatisfy(p -> {
                assertThat(p.path("codec").asText()).isEqualTo("PCMU");
                assertThat(p.path("talking").asBoolean()).as("talking flag of %s", p).isTrue();
            });
        });
    }

    @Test
    void withFiveTalkersAndThreeMixedOnlyTheThreeLoudestAreHeard() throws Exception {
        room("9002", "");
        // The listener (index 5) speaks nothing; two talkers are quiet but voiced.
        join("9002", new int[] {500, 700, 900, 1300, 1700, 2300}, new int[] {6000, 900, 5000, 700, 4000, 0}, 12_000);

        await().atMost(SETTLE).untilAsserted(() ->
                assertThat(hearing(5)).contains(500, 900, 1700).doesNotContain(700, 1300));
    }

    @Test
    void aParticipantMutedThroughTheApiIsHeardByNobodyAndStillHearsTheRoom() throws Exception {
        room("9003", "");
        join("9003", new int[] {400, 700, 1100}, new int[] {4000, 4000, 4000}, 15_000);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(hearing(1)).contains(400));

        String id = participantOf("9003", "1001");
        admin.postJson("/api/rooms/9003/participants/" + id + "/mute", "{}");

        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(hearing(1)).doesNotContain(400).contains(1100);
            assertThat(hearing(2)).doesNotContain(400).contains(700);
        });
        // After "you are muted" the muted one hears the room again.
        await().atMost(SETTLE).untilAsserted(() -> assertThat(hearing(0)).contains(700, 1100));
        await().atMost(SETTLE).untilAsserted(() -> assertThat(participant("9003", "1001").path("muted").asBoolean()).isTrue());
    }

    @Test
    void starSixMutesAndUnmutesTheParticipantItself_rfc4733() throws Exception {
        room("9004", "");
        join("9004", new int[] {400, 700}, new int[] {4000, 4000}, 15_000);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(hearing(1)).contains(400));

        voices.voice(0).press("*6");
        await().atMost(SETTLE).until(() -> flag("9004", "1001", "muted"));
        await().atMost(SETTLE).untilAsserted(() -> assertThat(hearing(1)).doesNotContain(400));

        voices.voice(0).press("*6");
        await().atMost(SETTLE).untilAsserted(() -> assertThat(hearing(1)).contains(400));
    }

    @Test
    void aRightPinJoinsAndThreeWrongPinsEndTheCall() throws Exception {
        room("9005", "4321");
        join("9005", new int[] {400, 700}, new int[] {4000, 4000}, 20_000);
        await().atMost(SETTLE).until(() -> voices.voice(0).connected() && voices.voice(1).connected());

        voices.voice(0).press("4321#");
        voices.voice(1).press("1111#2222#3333#");

        await().atMost(SETTLE).untilAsserted(() -> assertThat(admin.getJson("/api/rooms/9005").path("live")
                .path("participants")).hasSize(1).allSatisfy(p -> assertThat(p.path("caller").asText()).isEqualTo("1001")));
        // The one with three wrong PINs hears "not valid" and gets a BYE: no more audio reaches it.
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            long before = voices.voice(1).packetsIn();
            Thread.sleep(500);
            return voices.voice(1).packetsIn() == before;
        });
        assertThat(voices.voice(0).packetsIn()).as("the one who joined is still served").isPositive();
    }

    @Test
    void aModeratorLocksTheRoomWithStarTwoAndANewcomerIsTurnedAway() throws Exception {
        admin.postJson("/api/rooms", """
                {"number": "9006", "name": "locked", "moderatorPin": "8888"}""");
        join("9006", new int[] {400}, new int[] {4000}, 20_000);
        await().atMost(SETTLE).until(() -> voices.voice(0).connected());
        voices.voice(0).press("*88888#");
        await().atMost(SETTLE).until(() -> flag("9006", "1001", "moderator"));
        voices.voice(0).press("*2");
        await().atMost(SETTLE).untilAsserted(() -> assertThat(admin.getJson("/api/rooms/9006").path("live").path("locked")
                .asBoolean()).isTrue());

        try (MeetingVoices late = new MeetingVoices(new int[] {900}, new int[] {4000})) {
            SippProcess newcomer = participants("9006", late, SippLab.FIRST_USER + 5, "late", 20_000);
            try {
                // "This conference is locked", then a BYE: the newcomer's call ends long before its stay.
                SippResult r = newcomer.await();
                assertThat(r.allSucceeded()).as(r.describe()).isTrue();
                assertThat(admin.getJson("/api/rooms/9006").path("live").path("participants")).hasSize(1);
            } finally {
                newcomer.destroy();
            }
        }
    }

    @Test
    void kickThroughTheApiEndsThatParticipantsCallOnly() throws Exception {
        room("9007", "");
        join("9007", new int[] {400, 700}, new int[] {4000, 4000}, 20_000);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(admin.getJson("/api/rooms/9007").path("live")
                .path("participants")).hasSize(2));

        admin.postJson("/api/rooms/9007/participants/" + participantOf("9007", "1002") + "/kick", "{}");

        await().atMost(SETTLE).untilAsserted(() -> assertThat(admin.getJson("/api/rooms/9007").path("live")
                .path("participants")).hasSize(1).allSatisfy(p -> assertThat(p.path("caller").asText()).isEqualTo("1001")));
    }

    @Test
    void aRecordedRoomLeavesAWavOfTheMixOnceItEnds() throws Exception {
        admin.postJson("/api/rooms", """
                {"number": "9008", "name": "recorded", "record": true}""");
        join("9008", new int[] {400, 700}, new int[] {4000, 4000}, 20_000);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(admin.getJson("/api/rooms/9008").path("live")
                .path("recordingFile").asText()).contains("room-9008-"));
        Path file = Path.of(admin.getJson("/api/rooms/9008").path("live").path("recordingFile").asText());
        Thread.sleep(2000); // two seconds of both talking

        endParticipants();

        short[] pcm = readWav(file);
        assertThat(pcm.length).as("samples in %s", file).isGreaterThan(8000);
        short[] last = java.util.Arrays.copyOfRange(pcm, pcm.length - 8000, pcm.length - 4000);
        double total = MeetingVoices.energy(last);
        assertThat(MeetingVoices.goertzel(last, 400)).as("400 Hz in the mix").isGreaterThan(0.1 * total);
        assertThat(MeetingVoices.goertzel(last, 700)).as("700 Hz in the mix").isGreaterThan(0.1 * total);
    }

    @Test
    void participantsWaitWithMusicUntilTheModeratorComesThenHearEachOther() throws Exception {
        admin.postJson("/api/rooms", """
                {"number": "9009", "name": "moderated", "moderatorPin": "5555", "waitForModerator": true}""");
        join("9009", new int[] {400, 700}, new int[] {4000, 4000}, 20_000);
        Thread.sleep(1500);
        assertThat(hearing(1)).as("waiting: music, not the room").doesNotContain(400);

        voices.voice(0).press("*85555#");

        await().atMost(SETTLE).until(() -> flag("9009", "1001", "moderator"));
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(hearing(1)).contains(400);
            assertThat(hearing(0)).contains(700);
        });
    }

    // ---- helpers ----

    private void room(String number, String pin) throws Exception {
        admin.postJson("/api/rooms", "{\"number\": \"" + number + "\", \"name\": \"room " + number + "\", \"pin\": \"" + pin + "\"}");
    }

    /** Participants 1001, 1002, ... speaking the tones, each staying {@code stayMillis} unless the room ends its call. */
    private void join(String room, int[] hz, int[] amplitude, long stayMillis) throws Exception {
        this.room = room;
        voices = new MeetingVoices(hz, amplitude);
        sipp = participants(room, voices, SippLab.FIRST_USER, "room-" + room, stayMillis);
        await().atMost(SETTLE).until(() -> voices.voices().stream().allMatch(MeetingVoices.Voice::connected));
    }

    private SippProcess participants(String room, MeetingVoices v, long firstExtension, String name, long stayMillis)
            throws IOException {
        Path inf = dir.resolve("inf-" + name + ".csv");
        try (BufferedWriter w = Files.newBufferedWriter(inf, StandardCharsets.ISO_8859_1)) {
            w.write("SEQUENTIAL\n");
            for (int i = 0; i < v.voices().size(); i++) {
                long ext = firstExtension + i;
                w.write(ext + ";[authentication username=" + ext + " password=" + UserCsv.password(ext) + "];"
                        + v.voice(i).port + "\n");
            }
        }
        int n = v.voices().size();
        Sipp run = Sipp.scenario(SippScenario.CALLER_HANGS_UP, server.sipPort(), dir.resolve("sipp-" + name))
                .injection(inf).localPort(Sipp.freeLocalPort(SippTransport.UDP)).calls(n).rate(n, Duration.ofSeconds(1))
                .key("room", room).recvTimeout(Duration.ofSeconds(30)).timeout(RUN_TIMEOUT);
        return SippRuns.start(run, "meeting-participant.xml", Map.of("stay-ms", Long.toString(stayMillis)));
    }

    /** The frequencies of the room's voices that participant {@code i} hears now. */
    private List<Integer> hearing(int i) {
        MeetingVoices.Voice me = voices.voice(i);
        return voices.voices().stream().map(MeetingVoices.Voice::hz).filter(me::hears).toList();
    }

    private JsonNode participant(String room, String caller) throws Exception {
        for (JsonNode p : admin.getJson("/api/rooms/" + room).path("live").path("participants")) {
            if (p.path("caller").asText().equals(caller)) {
                return p;
            }
        }
        return null;
    }

    /** A participant's boolean field as the room's live state shows it; false while it is not listed. */
    private boolean flag(String room, String caller, String field) throws Exception {
        JsonNode p = participant(room, caller);
        return p != null && p.path(field).asBoolean();
    }

    private String participantOf(String room, String caller) throws Exception {
        JsonNode p = await().atMost(SETTLE).until(() -> participant(room, caller), n -> n != null);
        return p.path("id").asText();
    }

    /** The samples of a 16-bit mono WAV with a 44-byte header. */
    private static short[] readWav(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, 44, b.length - 44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        short[] out = new short[buf.remaining() / 2];
        buf.asShortBuffer().get(out);
        return out;
    }

    private void assertRoomClosed(String room) {
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(meeting.worker().size()).as("meeting sessions").isZero();
            assertThat(meeting.host().open()).as("open rooms").doesNotContain(room);
            assertThat(admin.getJson("/api/rooms/" + room).path("live").isNull()).isTrue();
        });
    }
}
