package io.switchboard.common.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Agents' calls ({@code agent-calls}) and the queue call records' way to signaling ({@code queue-calls}), in a real Hazelcast member. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusyAgentsTest {
    private HazelcastInstance hz;
    private BusyAgents busy;

    @BeforeAll
    void start() {
        Config config = new Config();
        config.setClusterName("busy-agents-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getNetworkConfig().setPort(5961).setPortAutoIncrement(true);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        QueueMaps.configure(config);
        hz = Hazelcast.newHazelcastInstance(config);
        busy = new BusyAgents(hz);
    }

    @AfterAll
    void stop() {
        hz.getLifecycleService().terminate();
    }

    @BeforeEach
    void clear() {
        hz.getMap(BusyAgents.MAP).clear();
        hz.getQueue(QueueCallLog.QUEUE).clear();
    }

    @Test
    void anAgentIsBusyWhileAnyOfItsCallsGoesOn() {
        busy.callStarted("2001", "call-a@10.0.0.1");
        busy.callStarted("2001", "call-b@10.0.0.1");
        busy.callStarted("2002", "call-c");

        assertThat(busy.busyAmong(List.of("2001", "2002", "2003"))).containsExactlyInAnyOrder("2001", "2002");
        assertThat(busy.callsOf("2001")).containsExactly("call-a@10.0.0.1", "call-b@10.0.0.1");

        busy.callEnded("2001", "call-a@10.0.0.1");
        assertThat(busy.busyAmong(List.of("2001"))).containsExactly("2001");
        busy.callEnded("2001", "call-b@10.0.0.1");

        assertThat(busy.busyAmong(List.of("2001", "2002"))).containsExactly("2002");
        assertThat(hz.getMap(BusyAgents.MAP).containsKey("2001")).as("no entry without a call").isFalse();
        assertThat(busy.busyAmong(List.of())).isEmpty();
    }

    @Test
    void startAndEndAreIdempotentAndAnEndOfAnUnknownCallChangesNothing() {
        busy.callStarted("2001", "call-a");
        busy.callStarted("2001", "call-a");
        assertThat(busy.callsOf("2001")).containsExactly("call-a");

        busy.callEnded("2001", "call-x");
        busy.callEnded("2009", "call-a");
        assertThat(busy.callsOf("2001")).containsExactly("call-a");

        busy.callEnded("2001", "call-a");
        busy.callEnded("2001", "call-a");
        assertThat(busy.callsOf("2001")).isEmpty();
        assertThat(busy.all()).isEmpty();
    }

    @Test
    void aCallIdWithWhiteSpaceStaysOneCall() {
        busy.callStarted("2001", "odd id");
        busy.callStarted("2001", "other");

        assertThat(busy.callsOf("2001")).containsExactly("odd_id", "other");
        busy.callEnded("2001", "odd id");
        assertThat(busy.all()).containsOnlyKeys("2001").containsEntry("2001", java.util.Set.of("other"));
    }

    @Test
    void callsStartingAndEndingAtOnceOnManyThreadsLoseNoneOfEachOther() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 25; i++) {
                        busy.callStarted("2001", "call-" + thread + "-" + i);
                        if (i % 2 == 1) {
                            busy.callEnded("2001", "call-" + thread + "-" + i);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(busy.callsOf("2001")).hasSize(8 * 13).allMatch(id -> Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)) % 2 == 0);
    }

    // ---- queue call records ----

    @Test
    void publishedRecordsAreTakenInOrderByOneReader() throws Exception {
        try (QueueCallLog node = new QueueCallLog(hz)) {
            QueueCallLog signaling = new QueueCallLog(hz);
            for (int i = 0; i < 3; i++) {
                node.publish(record("r" + i));
            }

            List<QueueCallRecord> taken = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (taken.size() < 3 && System.nanoTime() < deadline) {
                taken.addAll(signaling.take(10, Duration.ofMillis(200)));
            }

            assertThat(taken).extracting(QueueCallRecord::id).containsExactly("r0", "r1", "r2");
            assertThat(taken.get(0)).isEqualTo(record("r0"));
            assertThat(signaling.take(10, Duration.ofMillis(50))).as("taken once").isEmpty();
            assertThat(node.published()).isEqualTo(3);
            assertThat(node.lost()).isZero();
        }
    }

    @Test
    void aRecordPublishedAfterTheCloseIsCountedLost() {
        QueueCallLog node = new QueueCallLog(hz);
        node.close();

        node.publish(record("late"));

        assertThat(node.lost()).isEqualTo(1);
        assertThat(hz.getQueue(QueueCallLog.QUEUE)).isEmpty();
    }

    @Test
    void closeSendsWhatIsBuffered() {
        QueueCallLog node = new QueueCallLog(hz);
        for (int i = 0; i < 200; i++) {
            node.publish(record("r" + i));
        }

        node.close();

        assertThat(node.published() + node.lost()).isEqualTo(200);
        assertThat(hz.getQueue(QueueCallLog.QUEUE)).hasSize((int) node.published());
    }

    static QueueCallRecord record(String id) {
        return new QueueCallRecord(id, "sales", "5551001", 1_000, 6_000, 5_000, QueueCallOutcome.ANSWERED, "2001", "",
                false, "call-" + id, "call-" + id, "queue-1");
    }
}
