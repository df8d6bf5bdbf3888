package io.switchboard.signaling.queue;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.common.queue.QueueCallLog;
import io.switchboard.common.queue.QueueCallRecord;
import io.switchboard.signaling.store.BatchWriter;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the queue nodes' {@link QueueCallRecord}s: one daemon thread takes them from the cluster
 * ({@link QueueCallLog}, each record reaches one signaling member) in batches of up to
 * {@link #BATCH} and writes each batch in one transaction, off every call's path; a refused batch is
 * written row by row and a record that cannot be stored is counted and logged, as CDRs are
 * ({@link BatchWriter}).
 */
public final class QueueCallWriter implements AutoCloseable {
    static final int BATCH = 500;
    private static final Duration WAIT = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(QueueCallWriter.class);

    private final QueueCallLog log;
    private final BatchWriter<QueueCallRecord> writer;

    public QueueCallWriter(QueueCallLog log, QueueCallStore store, MeterRegistry metrics) {
        this.log = log;
        this.writer = new BatchWriter<>("queue-call-writer", BATCH, this::take, store,
                metrics.counter("queue.calls.written"), metrics.counter("queue.calls.lost"), LOG,
                "queue call record", "queue call records");
        writer.start();
    }

    /** Null (stop) once the cluster is gone or we are closing; another failure is retried after a pause. */
    private List<QueueCallRecord> take(int max) throws InterruptedException {
        try {
            return log.take(max, WAIT);
        } catch (HazelcastInstanceNotActiveException e) {
            return null;
        } catch (RuntimeException e) {
            if (writer.closing()) {
                return null;
            }
            LOG.warn("queue call records could not be taken from the cluster: {}", e.toString());
            Thread.sleep(1000);
            return List.of();
        }
    }

    /** Stops taking records (those left in the cluster go to another signaling member, or wait); the batch in hand is written. */
    @Override
    public void close() {
        writer.close(() -> LOG.warn("the queue call writer did not stop in time"));
    }
}
