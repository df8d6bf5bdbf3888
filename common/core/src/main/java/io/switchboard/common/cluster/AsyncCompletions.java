package io.switchboard.common.cluster;

import com.hazelcast.internal.util.ConcurrencyUtil;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where Hazelcast completes the futures of asynchronous map operations ({@code setAsync},
 * {@code deleteAsync}, {@code getAsync}, {@code setAllAsync}). Each such call registers a completion
 * on Hazelcast's default async executor, which is ForkJoinPool's common pool, or, where that pool has
 * a single thread (every 2-core machine), a new thread per completion. Measured with async-profiler
 * in a 200 calls/s run on 2 cores: 2.4 % of the process's CPU went to creating those threads (three
 * call-record writes per call, the node heartbeats, the location replicator). This class gives
 * Hazelcast one small pool of daemon threads instead, once per JVM; where the common pool is
 * parallel, Hazelcast keeps it.
 */
final class AsyncCompletions {
    private static final int THREADS = 2;

    private AsyncCompletions() {
    }

    /** A holder, so the pool exists only where it is needed. */
    private static final class Pool {
        private static final AtomicInteger COUNT = new AtomicInteger();
        static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "hz-async-completion-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Installs the pool as Hazelcast's default async executor where the common pool is a single thread. */
    static void bound() {
        if (ForkJoinPool.getCommonPoolParallelism() > 1) {
            return;
        }
        Executor current = ConcurrencyUtil.getDefaultAsyncExecutor();
        if (current != Pool.EXECUTOR) {
            ConcurrencyUtil.setDefaultAsyncExecutor(Pool.EXECUTOR);
        }
    }
}
