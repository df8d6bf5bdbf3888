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

/**
 * The registry joined with the server inventory, on real Hazelcast members: only servers the operator
 * added, with their type, enabled and heartbeating are given work; the rest show why.
 */
class ServerInventoryRegistryTest {
    private static final Duration HEARTBEAT = Duration.ofMillis(300);
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<NodeRegistry> registries = new ArrayList<>();
    private final ClusterSettings settings = new ClusterSettings("inv-" + UUID.randomUUID(), "127.0.0.1", 5911,
            List.of("127.0.0.1:5911", "127.0.0.1:5912"), HEARTBEAT, Duration.ofSeconds(3));

    private NodeRegistry join(String name, String role, int capacity) {
        HazelcastInstance hz = ClusterMember.start(settings, name + "-" + UUID.randomUUID(), ServerInventory::configure);
        members.add(hz);
        NodeRegistry r = new NodeRegistry(hz, new NodeStatus(name, role, "127.0.0.1", "", Map.of("sip", 5060), "test", 0,
                capacity, System.currentTimeMillis(), 0, HEARTBEAT.toMillis(), false), () -> 0).start();
        registries.add(r);
        return r;
    }

    @AfterEach
    void stop() {
        registries.forEach(NodeRegistry::close);
        members.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void onlyAddedEnabledServersOfTheirTypeServeAndEachStatusSaysWhy() {
        NodeRegistry signaling = join("pbx01", "signaling", 0);
        join("media-server-1", "media", 5000);
        join("stray-media", "media", 5000);
        join("ivr-as-media", "media", 5000);
        ServerInventory inventory = signaling.inventory();
        inventory.publish(new ServerRecord("media-server-1", ServerType.MEDIA, "192.168.1.21", "", 2000, true, false));
        inventory.publish(new ServerRecord("ivr-as-media", ServerType.IVR, "192.168.1.22", "", 500, true, false));
        inventory.publish(new ServerRecord("media-server-2", ServerType.MEDIA, "192.168.1.23", "", 5000, true, false));

        await().atMost(Duration.ofSeconds(30)).until(() -> signaling.online("media").size() == 3);
        assertThat(signaling.serving("media")).extracting(NodeStatus::name).containsExactly("media-server-1");
        // The inventory's maximum caps what the node itself would take.
        assertThat(signaling.serving("media").get(0).capacity()).isEqualTo(2000);
        assertThat(signaling.status(signaling.node("stray-media").orElseThrow())).isEqualTo(ServerStatus.UNKNOWN);
        assertThat(signaling.status(signaling.node("ivr-as-media").orElseThrow())).isEqualTo(ServerStatus.UNKNOWN);
        assertThat(signaling.status(inventory.find("media-server-2").orElseThrow())).isEqualTo(ServerStatus.OFFLINE);
        assertThat(signaling.status(inventory.find("media-server-1").orElseThrow())).isEqualTo(ServerStatus.ONLINE);
        // Signaling is not in the inventory and always serves.
        assertThat(signaling.serving("signaling")).extracting(NodeStatus::name).containsExactly("pbx01");
    }

    @Test
    void disablingDrainsAtOnceOnEveryMemberAndEnablingTakesWorkAgain() {
        NodeRegistry signaling = join("pbx01", "signaling", 0);
        NodeRegistry media = join("media-server-1", "media", 5000);
        ServerRecord row = new ServerRecord("media-server-1", ServerType.MEDIA, "192.168.1.21", "", 5000, true, false);
        signaling.inventory().publish(row);
        await().atMost(Duration.ofSeconds(30)).until(() -> signaling.serving("media").size() == 1
                && media.serving("media").size() == 1);

        signaling.inventory().publish(row.withEnabled(false));
        // The other member's local copy follows by entry event, well within a heartbeat.
        await().atMost(HEARTBEAT).until(() -> media.serving("media").isEmpty());
        assertThat(signaling.serving("media")).isEmpty();
        assertThat(signaling.online("media")).hasSize(1); // still alive: its current calls go on
        assertThat(media.status(media.self())).isEqualTo(ServerStatus.DISABLED);

        signaling.inventory().publish(row);
        await().atMost(HEARTBEAT).until(() -> media.serving("media").size() == 1);
    }
}
