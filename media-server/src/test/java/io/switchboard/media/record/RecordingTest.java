package io.switchboard.media.record;

import static io.switchboard.media.MediaFixture.audioPort;
import static io.switchboard.media.MediaFixture.sdp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.common.codec.G711;
import io.switchboard.media.MediaFixture;
import io.switchboard.media.RtpPeer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTest {
    @TempDir
    Path dir;

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static int[] call(MediaFixture media, String callId, RtpPeer caller, RtpPeer callee) throws Exception {
        Map<String, Object> offer = media.ng("command", "offer", "call-id", callId, "from-tag", "from/../tag",
                "sdp", sdp("alice", caller.port(), false));
        Map<String, Object> answer = media.ng("command", "answer", "call-id", callId, "from-tag", "from/../tag", "to-tag", "t",
                "sdp", sdp("bob", callee.port(), false));
        return new int[] {audioPort(answer.get("sdp")), audioPort(offer.get("sdp"))};
    }

    @Test
    void fiftyPcmuPacketsEachWayMakeAStereoWavOf8000Frames_g711() throws Exception {
        try (MediaFixture media = new MediaFixture(44000, 44999, 10, Duration.ofSeconds(60), dir, false);
             RtpPeer caller = new RtpPeer(1); RtpPeer callee = new RtpPeer(2)) {
            int[] p = call(media, "rec-1@host", caller, callee);
            assertThat(media.ng("command", "start recording", "call-id", "rec-1@host")).containsEntry("result", "ok");
            for (int i = 0; i < 50; i++) {
                // 0x80 in mu-law is the loudest positive step, 0x00 the loudest negative: easy to tell apart.
                caller.sendRtp(local(p[0]), (byte) 0x80);
                assertThat(callee.receive(Duration.ofSeconds(2))).isNotNull();
                callee.sendRtp(local(p[1]), (byte) 0x00);
                assertThat(caller.receive(Duration.ofSeconds(2))).isNotNull();
            }
            assertThat(media.ng("command", "delete", "call-id", "rec-1@host")).containsEntry("result", "ok");
            Path wav = await().atMost(Duration.ofSeconds(5)).until(() -> only(dir), f -> f != null && f.toFile().length() == 44 + 8000 * 4 && finalised(f));
            assertThat(wav.getFileName().toString()).isEqualTo("rec-1_host_from_.._tag.wav");
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getShort(22)).as("channels").isEqualTo((short) 2);
            assertThat(b.getInt(24)).as("sample rate").isEqualTo(8000);
            assertThat(b.getShort(34)).as("bits").isEqualTo((short) 16);
            assertThat(b.getInt(40)).as("data bytes = 8000 frames x 2 channels x 2 bytes").isEqualTo(32000);
            assertThat(b.getInt(4)).isEqualTo(36 + 32000);
            assertThat(b.getShort(44)).as("caller left").isEqualTo(G711.ulawToLinear((byte) 0x80)).isPositive();
            assertThat(b.getShort(46)).as("callee right").isEqualTo(G711.ulawToLinear((byte) 0x00)).isNegative();
        }
    }

    /** The close() rewrites the header after the last data: wait for the data size to be filled in. */
    private static boolean finalised(Path wav) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(wav);
        } catch (java.io.IOException e) {
            return false;
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(40) == 32000;
    }

    private static Path only(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> l = files.filter(f -> f.toString().endsWith(".wav")).toList();
            return l.size() == 1 ? l.get(0) : null;
        }
    }

    @Test
    void anUnwritableDirectoryStopsRecordingButTheRelayStillForwards() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x").resolve("recordings");
        try (MediaFixture media = new MediaFixture(44000, 44999, 10, Duration.ofSeconds(60), notADir, true);
             RtpPeer caller = new RtpPeer(1); RtpPeer callee = new RtpPeer(2)) {
            Map<String, Object> offer = media.ng("command", "offer", "call-id", "rec-2", "from-tag", "f",
                    "sdp", sdp("alice", caller.port(), false));
            assertThat(offer).containsEntry("result", "ok").containsKey("warning");
            Map<String, Object> answer = media.ng("command", "answer", "call-id", "rec-2", "from-tag", "f", "to-tag", "t",
                    "sdp", sdp("bob", callee.port(), false));
            caller.sendRtp(local(audioPort(answer.get("sdp"))), (byte) 0x11);
            assertThat(callee.receive(Duration.ofSeconds(2))).isNotNull();
            assertThat(media.ng("command", "start recording", "call-id", "rec-2")).containsEntry("result", "error");
            caller.sendRtp(local(audioPort(answer.get("sdp"))), (byte) 0x11);
            assertThat(callee.receive(Duration.ofSeconds(2))).isNotNull();
        }
    }
}
