package io.switchboard.common.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Asynchronous map writes complete without a thread of their own each, whatever the core count. */
class AsyncCompletionsTest {

    @Test
    void aThousandAsyncWritesStartOnlyAHandfulOfThreads() {
        ClusterSettings settings = new ClusterSettings("async-" + UUID.randomUUID(), "127.0.0.1", 5971,
                List.of("127.0.0.1:5971"), Duration.ofSeconds(1), Duration.ofSeconds(5));
        HazelcastInstance hz = ClusterMember.start(settings, "async-completions", c -> { });
        try {
            IMap<String, String> map = hz.getMap("async-completions");
            map.setAsync("warm", "up").toCompletableFuture().join();
            long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
            CompletableFuture<?>[] writes = new CompletableFuture<?>[1000];
            for (int i = 0; i < writes.length; i++) {
                writes[i] = map.setAsync("k" + i, "v").toCompletableFuture();
            }
            CompletableFuture.allOf(writes).join();
            long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;
            // Hazelcast's own default on a 1-thread common pool (2 cores) starts one thread per completion.
            assertThat(started).as("threads started by 1,000 setAsync").isLessThan(50);
        } finally {
            hz.shutdown();
        }
    }
}
