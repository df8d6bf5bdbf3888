package io.switchboard.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.lifecycle.ListenError;
import io.switchboard.common.meeting.RoomMaps;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Start-up of the meeting role on a real Hazelcast member: a taken port is named, and nothing is left behind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeetingServerStartTest {
    private HazelcastInstance hz;
    @TempDir
    Path dir;

    @BeforeAll
    void cluster() {
        Config config = new Config();
        config.setClusterName("meeting-start-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getNetworkConfig().setPort(6011).setPortAutoIncrement(true);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        RoomMaps.configure(config);
        hz = Hazelcast.newHazelcastInstance(config);
    }

    @AfterAll
    void stop() {
        hz.getLifecycleService().terminate();
    }

    private MeetingSettings settings(int sipPort, int rtpFrom) {
        Map<String, String> keys = new HashMap<>();
        keys.put("node.name", "meeting-start");
        keys.put("node.private-address", "127.0.0.1");
        keys.put("meeting.sip-address", "127.0.0.1");
        keys.put("meeting.sip-port", Integer.toString(sipPort));
        keys.put("meeting.rtp-port-min", Integer.toString(rtpFrom));
        keys.put("meeting.rtp-port-max", Integer.toString(rtpFrom + 99));
        keys.put("meeting.http-address", "127.0.0.1");
        keys.put("meeting.http-port", "0");
        keys.put("metrics.jvm", "false");
        keys.put("data-dir", dir.toString());
        return MeetingSettings.load(keys);
    }

    @Test
    void aSipPortInUseStopsStartUpNamingTheRoleAndPortAndFreesTheRtpPorts() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> MeetingServer.embedded(settings(port, 45100), "test", quiet(), hz))
                    .isInstanceOf(ListenError.class)
                    .hasMessageStartingWith("meeting server: ")
                    .hasMessageContaining(Integer.toString(port));
        }
        // The shared RTP port it had bound was released with the rest: it binds again.
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 45100))) {
            assertThat(rtp.isBound()).isTrue();
        }
    }

    @Test
    void aStartedNodeSaysItsCallsShareOnePortAndStopsCleanly() throws Exception {
        java.io.ByteArrayOutputStream banner = new java.io.ByteArrayOutputStream();
        try (MeetingServer server = MeetingServer.embedded(settings(0, 45300), "test", new PrintStream(banner, true), hz)) {
            assertThat(server.sipPort()).isPositive();
        }
        assertThat(banner.toString()).contains("Switchboard meeting server is up (node meeting-start)")
                .contains("calls share port 45300").contains("Recordings");
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
