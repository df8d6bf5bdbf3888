package io.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.config.ConfigException;
import io.switchboard.common.ng.NgClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClusterMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaServerTest {
    @TempDir
    Path dir;

    @Test
    void referenceDefaultsAreTheDocumentedOnes() {
        MediaSettings s = MediaSettings.load(Map.of());
        assertThat(s.ngPort()).isEqualTo(2223);
        assertThat(s.ngAddress()).isEqualTo("0.0.0.0");
        assertThat(s.portMin()).isEqualTo(10000);
        assertThat(s.portMax()).isEqualTo(29999);
        assertThat(s.maxSessions()).isEqualTo(5000);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.httpPort()).isEqualTo(8891);
        assertThat(s.eventLoops()).isEqualTo(2);
        assertThat(s.recordingEnabled()).isFalse();
        assertThat(s.rtpAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> MediaSettings.load(Map.of("media.max-sessions", "5001")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("media.max-sessions").hasMessageContaining("between 1 and 5000");
        assertThatThrownBy(() -> MediaSettings.load(Map.of("media.port-min", "40000", "media.port-max", "40001")))
                .hasMessageContaining("media.port-max");
        assertThatThrownBy(() -> MediaSettings.load(Map.of("media.timeout", "soon"))).hasMessageContaining("media.timeout");
        assertThatThrownBy(() -> MediaSettings.load(Map.of("media.rtp-address", "eth0"))).hasMessageContaining("media.rtp-address");
        assertThatThrownBy(() -> MediaSettings.load(Map.of("media.recording.enabled", "maybe"))).hasMessageContaining("media.recording.enabled");
        assertThatThrownBy(() -> MediaSettings.load(Map.of("media.max-session", "5"))).hasMessageContaining("unknown key");
    }

    @Test
    void startsJoinsTheClusterAsMediaServesNgAndMetricsAndClosesCleanly() throws Exception {
        int hzPort = 5950 + (int) (Math.random() * 40);
        MediaSettings s = MediaSettings.load(Map.ofEntries(Map.entry("node.name", "media-test"),
                Map.entry("cluster.name", "media-" + UUID.randomUUID()), Map.entry("cluster.port", Integer.toString(hzPort)),
                Map.entry("cluster.members", "127.0.0.1:" + hzPort), Map.entry("cluster.heartbeat", "200ms"),
                Map.entry("media.ng-address", "127.0.0.1"), Map.entry("media.ng-port", "0"), Map.entry("media.http-port", "0"),
                Map.entry("media.port-min", "45000"), Map.entry("media.port-max", "45099"), Map.entry("media.max-sessions", "40"),
                Map.entry("media.recording.dir", dir.toString()), Map.entry("metrics.jvm", "false")));
        // The media server is a lite member: the cluster's data lives on a signaling (data) member.
        HazelcastInstance dataMember = ClusterMember.start(s.cluster(), "data-" + UUID.randomUUID(), c -> { });
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        MediaServer server = MediaServer.start(s, "test", new PrintStream(banner, true));
        try (NgClient ng = new NgClient(Duration.ofSeconds(2))) {
            assertThat(banner.toString()).contains("Switchboard media server is up", "ng control", "at most 25 calls");
            InetSocketAddress ngAddr = new InetSocketAddress("127.0.0.1", server.ngPort());
            assertThat(ng.call(ngAddr, Map.of("command", "ping"))).containsEntry("result", "pong");
            assertThat(ng.call(ngAddr, Map.of("command", "offer", "call-id", "m1", "from-tag", "f",
                    "sdp", MediaFixture.sdp("a", 5000, false)))).containsEntry("result", "ok");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                NodeStatus me = server.registry().online("media").stream().filter(n -> n.name().equals("media-test")).findFirst().orElseThrow();
                assertThat(me.activeSessions()).isEqualTo(1);
                // 100 ports hold 50 pairs, 25 calls: the real capacity, not max-sessions=40.
                assertThat(me.capacity()).isEqualTo(25);
                assertThat(me.ports()).containsEntry("ng", server.ngPort()).containsEntry("metrics", server.httpPort());
                assertThat(me.privateAddress()).isEqualTo("127.0.0.1");
            });

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("media_sessions_active{", "media_rtp_packets_total{", "media_ng_commands_total{",
                    "media_sessions_capacity{");
            assertThat(metrics.body()).as("an offer without rtcp-mux: RTP and RTCP sockets on both legs")
                    .containsPattern("(?m)^media_open_sockets\\{[^}]*\\} 4\\.0$");
            assertThat(server.ports().pairsInUse()).isEqualTo(2);
        } finally {
            server.close();
            dataMember.shutdown();
        }
        assertThat(server.ports().pairsInUse()).isZero();
        assertThat(server.ports().openSockets()).isZero();
    }

    /** The inventory is the source of truth for the public IP: its row's wins over node.public-address, at once. */
    @Test
    void theInventoryRowsPublicIpIsWhatPeersOutsideAreOfferedAndWinsOverTheConfig() throws Exception {
        int hzPort = 5950 + (int) (Math.random() * 40);
        MediaSettings s = MediaSettings.load(Map.ofEntries(Map.entry("node.name", "media-pub"),
                Map.entry("node.public-address", "198.51.100.1"),
                Map.entry("cluster.name", "media-" + UUID.randomUUID()), Map.entry("cluster.port", Integer.toString(hzPort)),
                Map.entry("cluster.members", "127.0.0.1:" + hzPort), Map.entry("cluster.heartbeat", "200ms"),
                Map.entry("media.ng-address", "127.0.0.1"), Map.entry("media.ng-port", "0"), Map.entry("media.http-port", "0"),
                Map.entry("media.port-min", "45100"), Map.entry("media.port-max", "45199"), Map.entry("media.warmup-offers", "0"),
                Map.entry("media.recording.dir", dir.toString()), Map.entry("metrics.jvm", "false")));
        HazelcastInstance dataMember = ClusterMember.start(s.cluster(), "data-" + UUID.randomUUID(),
                io.switchboard.common.cluster.ServerInventory::configure);
        io.switchboard.common.cluster.ServerInventory inventory = new io.switchboard.common.cluster.ServerInventory(dataMember);
        MediaServer server = MediaServer.start(s, "test", new PrintStream(new ByteArrayOutputStream(), true));
        try (NgClient ng = new NgClient(Duration.ofSeconds(2))) {
            InetSocketAddress ngAddr = new InetSocketAddress("127.0.0.1", server.ngPort());
            assertThat(offeredAddress(ng, ngAddr, "p0", "public")).as("no row yet: the config's").isEqualTo("198.51.100.1");
            inventory.publish(new io.switchboard.common.cluster.ServerRecord("media-pub",
                    io.switchboard.common.cluster.ServerType.MEDIA, "127.0.0.1", "203.0.113.7", 5000, true, false));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(offeredAddress(ng, ngAddr, "p" + System.nanoTime(), "public")).isEqualTo("203.0.113.7"));
            assertThat(offeredAddress(ng, ngAddr, "p1", "private")).as("peers inside get the private IP").isEqualTo("127.0.0.1");
            inventory.publish(new io.switchboard.common.cluster.ServerRecord("media-pub",
                    io.switchboard.common.cluster.ServerType.MEDIA, "127.0.0.1", "", 5000, true, false));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(offeredAddress(ng, ngAddr, "p" + System.nanoTime(), "public")).as("row without one: the config's")
                            .isEqualTo("198.51.100.1"));
        } finally {
            server.close();
            dataMember.shutdown();
        }
    }

    /** The c= address of the SDP an offer from a peer on {@code side} ("public" or "private") is answered with. */
    private static String offeredAddress(NgClient ng, InetSocketAddress ngAddr, String callId, String side) throws Exception {
        Map<String, Object> r = ng.call(ngAddr, Map.of("command", "offer", "call-id", callId, "from-tag", "f",
                "sdp", MediaFixture.sdp("a", 5000, false), "direction", java.util.List.of(side, side)));
        assertThat(r).containsEntry("result", "ok");
        String sdp = r.get("sdp").toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("c=IN IP4 (\\S+)").matcher(sdp);
        assertThat(m.find()).as(sdp).isTrue();
        return m.group(1);
    }
}
