package io.switchboard.media.ng;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.MediaServer;
import io.switchboard.media.MediaSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ng socket opens relay ports and aims RTP anywhere: only the allowed sources may use it. */
class NgAccessTest {
    @TempDir
    Path dir;

    @Test
    void pingFromASourceOutsideTheAllowListGetsNoAnswerAndIsCounted() throws Exception {
        MediaSettings s = MediaSettings.load(Map.ofEntries(Map.entry("media.ng-address", "0.0.0.0"),
                Map.entry("media.ng-port", "0"), Map.entry("media.http-port", "0"), Map.entry("media.port-min", "45200"),
                Map.entry("media.port-max", "45299"), Map.entry("media.max-sessions", "10"),
                Map.entry("media.recording.dir", dir.toString()), Map.entry("metrics.jvm", "false"),
                Map.entry("media.ng-allow", "127.0.0.1")));
        MediaServer server = MediaServer.start(s, "test", new PrintStream(new ByteArrayOutputStream()), false);
        try {
            InetSocketAddress ng = new InetSocketAddress("127.0.0.1", server.ngPort());
            assertThat(ping("127.0.0.1", ng)).contains("pong");
            assertThat(ping("127.0.0.5", ng)).as("a stranger on loopback").isNull();
            assertThat(server.ngRefused()).isEqualTo(1);
        } finally {
            server.close();
        }
    }

    private static String ping(String from, InetSocketAddress to) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
            socket.setSoTimeout(700);
            byte[] msg = "c1 d7:command4:pinge".getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(msg, msg.length, to));
            byte[] buf = new byte[1500];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return new String(buf, 0, reply.getLength(), StandardCharsets.US_ASCII);
        }
    }
}
