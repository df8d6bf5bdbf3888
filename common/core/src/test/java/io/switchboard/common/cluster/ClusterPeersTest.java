package io.switchboard.common.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who may drive a worker's control listeners: the cluster's members at their cluster address and at
 * the source addresses they announce (signaling's SIP socket on 127.0.0.41, or the HA VIP, while
 * Hazelcast listens on 127.0.0.1), and nobody else. Two real Hazelcast members.
 */
class ClusterPeersTest {
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final ClusterSettings settings = new ClusterSettings("peers-" + UUID.randomUUID(), "127.0.0.1", 5911,
            List.of("127.0.0.1:5911", "127.0.0.1:5912"), Duration.ofMillis(300), Duration.ofSeconds(3));

    @AfterEach
    void stop() {
        members.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void aMembersAnnouncedSipAddressIsAdmittedAndOtherAddressesAreNot() throws Exception {
        HazelcastInstance worker = ClusterMember.start(settings, "worker-" + UUID.randomUUID(), c -> { });
        members.add(worker);
        ClusterPeers peers = new ClusterPeers(List.of()).follow(worker);
        assertThat(peers.allows(InetAddress.getByName("127.0.0.41"))).isFalse();

        members.add(ClusterMember.start(settings, "signaling-" + UUID.randomUUID(),
                c -> ClusterPeers.announceSources(c, List.of("127.0.0.41", "0.0.0.0"))));

        await().atMost(Duration.ofSeconds(10)).until(() -> peers.allows(InetAddress.getByName("127.0.0.41")));
        assertThat(peers.allows(InetAddress.getByName("127.0.0.1"))).as("cluster address").isTrue();
        assertThat(peers.allows(InetAddress.getByName("127.0.0.42"))).as("not announced").isFalse();
        assertThat(peers.allows(InetAddress.getByName("0.0.0.0"))).as("wildcards are never announced").isFalse();
    }

    @Test
    void anAllowListReplacesTheMembers() throws Exception {
        ClusterPeers peers = new ClusterPeers(List.of("192.0.2.7"));
        assertThat(peers.allows(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(peers.allows(InetAddress.getByName("127.0.0.1"))).isFalse();
    }
}
