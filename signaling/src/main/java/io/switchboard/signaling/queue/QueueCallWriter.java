package io.switchboard.signaling.queue;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.common.queue.QueueCallLog;
import io.switchboard.common.queue.QueueCallRecord;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the queue nodes' {@link QueueCallRecord}s: one daemon thread takes them from the cluster
 * ({@link QueueCallLog}, each record reaches one signaling member) in batches of up to
 * {@link #BATCH} and writes each batch in one transaction, off every call's path. A batch the
 * database refuses is written again row by row, so one bad row loses only itself; a record that
 * cannot be stored is counted and logged as one line (still recoverable from the log), as CDRs are.
 */
public final class QueueCallWriter implements AutoCloseable {
    static final int BATCH = 500;
    private static final Duration WAIT = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(QueueCallWriter.class);

    private final QueueCallLog log;
    private final QueueCallStore store;
    private final Counter written;
    private final Counter lost;
    private final Thread writer;
    private volatile boolean closing;

    public QueueCallWriter(QueueCallLog log, QueueCallStore store, MeterRegistry metrics) {
        this.log = log;
        this.store = store;
        this.written = metrics.counter("queue.calls.written");
        this.lost = metrics.counter("queue.calls.lost");
        this.writer = new Thread(this::run, "queue-call-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void run() {
        while (!closing) {
            List<QueueCallRecord> batch;
            try {
                batch = log.take(BATCH, WAIT);
            } catch (InterruptedException | HazelcastInstanceNotActiveException e) {
                return;
            } catch (RuntimeException e) {
                if (closing) {
                    return;
                }
                LOG.warn("queue call records could not be taken from the cluster: {}", e.toString());
                pause();
                continue;
            }
            if (!batch.isEmpty()) {
                store(batch);
            }
        }
    }

    private void store(List<QueueCallRecord> batch) {
        try {
            store.insertAll(batch);
            written.increment(batch.size());
            return;
        } catch (SQLException e) {
            LOG.warn("{} queue call records not stored as one batch ({}): storing them one by one", batch.size(),
                    e.getMessage());
        }
        for (QueueCallRecord r : batch) {
            try {
                store.insert(r);
                written.increment();
            } catch (SQLException e) {
                lost.increment();
                LOG.error("queue call record not stored ({}): {}", e.getMessage(), r);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    /** Stops taking records (those left in the cluster go to another signaling member, or wait); the batch in hand is written. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("the queue call writer did not stop in time");
            writer.interrupt();
        }
    }
}
