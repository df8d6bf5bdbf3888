package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.loadtest.bench.MeetingVoices;
import io.switchboard.meeting.MeetingServer;
import io.switchboard.meeting.MeetingSettings;
import io.switchboard.media.MediaServer;
import io.switchboard.signaling.SignalingServer;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * One room on two meeting nodes (cascade): with {@code meeting.room-share} 2, the room's first two
 * participants are mixed on node A and the next two on node B, which A sent them to; the two parts
 * exchange their loudest talkers over RTP trunks. Signaling, the media node and both meeting nodes run
 * in this JVM on one Hazelcast cluster; the participants are SIPp calls with the test's own RTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MeetingCascadeSippTest {
    private static final Duration SETTLE = Duration.ofSeconds(10);

    Path dir;
    SippLab lab;
    SignalingServer server;
    AdminClient admin;
    MediaServer media;
    MeetingServer a;
    MeetingServer b;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        lab = SippLab.start(dir, 4, 41000, 41499);
        server = lab.server;
        admin = lab.admin;
        media = lab.media;
        a = meetingNode("meeting-a", 42600);
        b = meetingNode("meeting-b", 42800);
        lab.awaitOnline("meeting", 2, SETTLE);
    }

    private MeetingServer meetingNode(String name, int rtpFrom) throws Exception {
        Map<String, String> keys = WorkerKeys.loopback("meeting", name, rtpFrom, rtpFrom + 199, dir.resolve("data-" + name));
        keys.put("meeting.room-share", "2");
        return lab.own(MeetingServer.embedded(MeetingSettings.load(keys), "loadtest", System.out, server.hazelcast()));
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aRoomOnTwoNodesIsHeardWholeOnBothAndLivesOnWhenTheSecondNodeDies() throws Exception {
        admin.postJson("/api/rooms", """
                {"number": "9100", "name": "all hands"}""");
        // 1001 and 1002 land on A, 1003 and 1004 are sent on to B; 1001 and 1003 speak.
        try (MeetingVoices voices = new MeetingVoices(new int[] {400, 1, 700, 1}, new int[] {4000, 0, 4000, 0})) {
            SippProcess sipp = participants(voices);
            try {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(a.worker().size()).as("participants on A").isEqualTo(2);
                    assertThat(b.worker().size()).as("participants on B").isEqualTo(2);
                });
                assertThat(a.host().peersOf("9100")).containsExactly("meeting-b");
                assertThat(b.host().peersOf("9100")).containsExactly("meeting-a");

                await().atMost(SETTLE).untilAsserted(() -> {
                    assertThat(voices.voice(1).hears(400) && voices.voice(1).hears(700)).as("listener on A").isTrue();
                    assertThat(voices.voice(3).hears(400) && voices.voice(3).hears(700)).as("listener on B").isTrue();
                    assertThat(voices.voice(0).hears(700)).as("A's talker hears B's").isTrue();
                    assertThat(voices.voice(2).hears(400)).as("B's talker hears A's").isTrue();
                    assertThat(voices.voice(0).hears(400)).as("A's talker's own voice back through B").isFalse();
                    assertThat(voices.voice(2).hears(700)).as("B's talker's own voice back through A").isFalse();
                });
                await().atMost(SETTLE).untilAsserted(() -> assertThat(admin.getJson("/api/rooms/9100").path("live")
                        .path("participants")).hasSize(4));

                b.halt();

                await().atMost(SETTLE).untilAsserted(() -> {
                    assertThat(a.host().peersOf("9100")).as("A dropped its link to the dead B").isEmpty();
                    assertThat(voices.voice(1).hears(400)).as("A's listener still hears A's talker").isTrue();
                    assertThat(voices.voice(1).hears(700)).isFalse();
                });
                assertThat(a.worker().size()).as("A's participants stay").isEqualTo(2);
            } finally {
                sipp.destroy();
            }
        }
    }

    private SippProcess participants(MeetingVoices v) throws Exception {
        Path inf = dir.resolve("inf-cascade.csv");
        try (BufferedWriter w = Files.newBufferedWriter(inf, StandardCharsets.ISO_8859_1)) {
            w.write("SEQUENTIAL\n");
            for (int i = 0; i < v.voices().size(); i++) {
                long ext = SippLab.FIRST_USER + i;
                w.write(ext + ";[authentication username=" + ext + " password=" + UserCsv.password(ext) + "];"
                        + v.voice(i).port + "\n");
            }
        }
        // One every 700 ms, so each is placed before the next arrives.
        Sipp run = Sipp.scenario(SippScenario.CALLER_HANGS_UP, server.sipPort(), dir.resolve("sipp-cascade"))
                .injection(inf).localPort(Sipp.freeLocalPort(SippTransport.UDP)).calls(v.voices().size())
                .rate(1, Duration.ofMillis(700)).key("room", "9100").recvTimeout(Duration.ofSeconds(30))
                .timeout(Duration.ofSeconds(60));
        return SippRuns.start(run, "meeting-participant.xml", Map.of("stay-ms", "40000"));
    }
}
