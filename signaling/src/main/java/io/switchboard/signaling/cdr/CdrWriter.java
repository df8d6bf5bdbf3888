package io.switchboard.signaling.cdr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes CDRs on one background thread through a bounded queue, so a slow database never holds a
 * SIP worker; when the queue is full the CDR is logged (one line, still recoverable from logs) and counted.
 */
public final class CdrWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CdrWriter.class);
    private final CdrStore store;
    private final ThreadPoolExecutor executor;
    private final Counter written;
    private final Counter lost;

    public CdrWriter(CdrStore store, MeterRegistry metrics) {
        this.store = store;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(50_000), r -> {
            Thread t = new Thread(r, "cdr-writer");
            t.setDaemon(true);
            return t;
        });
        this.written = metrics.counter("cdr.written");
        this.lost = metrics.counter("cdr.lost");
    }

    public void write(Cdr cdr) {
        try {
            executor.execute(() -> {
                try {
                    store.insert(cdr);
                    written.increment();
                } catch (SQLException e) {
                    lost.increment();
                    LOG.error("CDR not stored ({}): {}", e.getMessage(), cdr);
                }
            });
        } catch (RejectedExecutionException e) {
            lost.increment();
            LOG.error("CDR queue full, not stored: {}", cdr);
        }
    }

    /** Flushes what is queued (bounded wait) and stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("{} CDRs still queued at shutdown", executor.getQueue().size());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
