package io.switchboard.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code calls} map is written in batches (docs/ARCHITECTURE.md "Calls in the cluster"): an
 * answered call is findable by either leg's dialog (RFC 3261 §12) after one interval, a call that
 * ended goes, and one that starts and ends within an interval never reaches the cluster.
 */
class CallStoreTest {
    private HazelcastInstance hz;
    private CallStore store;

    @BeforeEach
    void start() {
        Config config = new Config().setClusterName("call-store-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(5961).setPortAutoIncrement(true);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        CallStore.configure(config);
        hz = Hazelcast.newHazelcastInstance(config);
        store = new CallStore(hz);
    }

    @AfterEach
    void stop() {
        store.close();
        hz.shutdown();
    }

    private static CallRecord call(String id, CallState state) {
        LegRecord a = new LegRecord(id, "tag-a", "phone-a", "<sip:8000@h>", "<sip:1001@h>", "sip:1001@192.0.2.1",
                List.of(), 0, 1, "192.0.2.1:5060", "UDP");
        LegRecord b = new LegRecord("b-" + id, "tag-b", "phone-b", "<sip:1001@h>", "<sip:1002@h>", "sip:1002@192.0.2.2",
                List.of(), 1, 0, "192.0.2.2:5060", "UDP");
        return new CallRecord(id, "1001", "1002", state, 1, 2, a, b, "media-1", "127.0.0.1:2223", "v=0", "v=0", "carrier",
                "+32470123456", "carrier", new SessionTimer(1800, false, true), new SessionTimer(1800, true, false));
    }

    @Test
    void anAnsweredCallIsFoundByEitherLegsDialogAfterOneBatch_rfc3261_12() {
        store.put(call("c1", CallState.ANSWERED));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.find("c1", "tag-a").isPresent());
        assertThat(store.find("b-c1", "tag-b")).get().extracting(CallRecord::id).isEqualTo("c1");
        // What a member taking the call over needs for its CDR, channel count and session timers crosses the cluster too.
        assertThat(store.find("c1", "tag-a")).get().isEqualTo(call("c1", CallState.ANSWERED));

        store.remove(call("c1", CallState.ANSWERED));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.size() == 0);
        assertThat(store.find("b-c1", "tag-b")).isEmpty();
    }

    @Test
    void aCallThatEndsWithinOneBatchNeverReachesTheCluster() throws Exception {
        store.put(call("short", CallState.RINGING));
        store.put(call("short", CallState.ANSWERED));
        store.remove(call("short", CallState.ANSWERED));
        store.put(call("kept", CallState.ANSWERED));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.size() == 1);
        Thread.sleep(3 * CallStore.INTERVAL.toMillis());
        assertThat(store.find("short", "tag-a")).isEmpty();
        assertThat(store.all()).extracting(CallRecord::id).containsExactly("kept");
    }

    @Test
    void closingWritesWhatIsQueued() {
        store.put(call("last", CallState.ANSWERED));
        store.close();
        assertThat(store.find("last", "tag-a")).isPresent();
    }
}
