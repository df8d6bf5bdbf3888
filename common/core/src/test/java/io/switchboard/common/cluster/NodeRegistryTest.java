package io.switchboard.common.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Three real Hazelcast members in one JVM publish into and read the same registry. */
class NodeRegistryTest {
    private static final Duration HEARTBEAT = Duration.ofMillis(300);
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<NodeRegistry> registries = new ArrayList<>();
    private final ClusterSettings settings = new ClusterSettings("test-" + UUID.randomUUID(), "127.0.0.1", 5901,
            List.of("127.0.0.1:5901", "127.0.0.1:5902", "127.0.0.1:5903"), HEARTBEAT, Duration.ofSeconds(3));

    private NodeRegistry join(String name, String role) {
        HazelcastInstance hz = ClusterMember.start(settings, name + "-" + UUID.randomUUID(), c -> { });
        members.add(hz);
        NodeStatus status = new NodeStatus(name, role, "127.0.0.1", "", Map.of("sip", 5060), "test", 0, 5000,
                System.currentTimeMillis(), 0, HEARTBEAT.toMillis(), false);
        NodeRegistry r = new NodeRegistry(hz, status, () -> 7).start();
        registries.add(r);
        return r;
    }

    @AfterEach
    void stop() {
        registries.forEach(NodeRegistry::close);
        members.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void threeMembersSeeEachOtherAndOneThatStopsHeartbeatingGoesOfflineThenReturns() {
        NodeRegistry signaling = join("pbx01", "signaling");
        join("media01", "media");
        NodeRegistry media2 = join("media02", "media");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(signaling.online("media")).extracting(NodeStatus::name).containsExactly("media01", "media02");
            assertThat(media2.online("signaling")).extracting(NodeStatus::name).containsExactly("pbx01");
        });
        assertThat(signaling.online("media").get(0).activeSessions()).isEqualTo(7);
        assertThat(members.get(0).getCluster().getMembers()).hasSize(3);

        // Kill media02 without a goodbye: its entry stays but its heartbeat goes stale.
        NodeStatus last = media2.self();
        registries.remove(media2);
        members.get(2).getLifecycleService().terminate();
        members.remove(2);
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> signaling.online("media").stream().noneMatch(n -> n.name().equals("media02")));
        long seenOfflineMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(seenOfflineMillis).as("offline within three heartbeats (+ one of slack)").isLessThan(4 * HEARTBEAT.toMillis() + 500);
        assertThat(signaling.all()).extracting(NodeStatus::name).contains("media02");

        // It comes back under the same name: online again.
        join(last.name(), last.role());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                signaling.online("media").stream().anyMatch(n -> n.name().equals("media02")));
    }

    @Test
    void gracefulStopIsOfflineAtOnce() {
        NodeRegistry a = join("pbx01", "signaling");
        NodeRegistry b = join("ivr01", "ivr");
        await().atMost(Duration.ofSeconds(30)).until(() -> a.online("ivr").size() == 1);
        b.close();
        registries.remove(b);
        // Far sooner than three heartbeats: the stopping flag travels as a map event.
        await().atMost(Duration.ofMillis(2 * HEARTBEAT.toMillis())).until(() -> a.online("ivr").isEmpty());
    }
}
