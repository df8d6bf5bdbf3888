package io.switchboard.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.cluster.NodeStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentAllocationsTest {
    private static NodeStatus media(String name, int sessions, long heartbeatAt) {
        return new NodeStatus(name, "media", "127.0.0.1", "", Map.of("ng", 2223), "t", sessions, 5000, 0, heartbeatAt, 2000, false);
    }

    @Test
    void twoCallsBetweenHeartbeatsGoToDifferentNodes() {
        RecentAllocations recent = new RecentAllocations();
        NodeStatus extended = media("a-extended", 0, 1_000);
        NodeStatus embedded = media("b-embedded", 0, 1_000);
        assertThat(recent.leastLoadedFirst(List.of(embedded, extended)).get(0)).isEqualTo(extended);
        recent.allocated("a-extended", 1_700);
        // The heartbeat still says 0 for both: the call just placed counts all the same.
        assertThat(recent.leastLoadedFirst(List.of(embedded, extended)).get(0)).isEqualTo(embedded);
        assertThat(recent.load(extended)).isEqualTo(1);
    }

    @Test
    void aHeartbeatThatCountsTheAllocationReplacesIt() {
        RecentAllocations recent = new RecentAllocations();
        recent.allocated("a", 1_700);
        assertThat(recent.load(media("a", 1, 3_000))).isEqualTo(1);
        assertThat(recent.load(media("a", 0, 4_000))).isZero();
    }
}
