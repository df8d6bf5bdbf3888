package io.switchboard.signaling.cdr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.signaling.store.BatchWriter;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes CDRs on one background thread through a bounded queue, so a slow database never holds a
 * call's event loop; when the queue is full the CDR is logged (one line, still recoverable from logs)
 * and counted. What has queued up is written in one transaction of up to {@link #BATCH} rows, a refused
 * batch row by row ({@link BatchWriter}).
 */
public final class CdrWriter implements AutoCloseable {
    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(CdrWriter.class);
    private final BlockingQueue<Cdr> queue = new ArrayBlockingQueue<>(50_000);
    private final Counter lost;
    private final BatchWriter<Cdr> writer;

    public CdrWriter(CdrStore store, MeterRegistry metrics) {
        this.lost = metrics.counter("cdr.lost");
        this.writer = new BatchWriter<>("cdr-writer", BATCH, BatchWriter.Source.draining(queue, Duration.ofMillis(100)),
                store, metrics.counter("cdr.written"), lost, LOG, "CDR", "CDRs");
        writer.start();
    }

    /** Never blocks: queued for the writer thread. */
    public void write(Cdr cdr) {
        boolean closing = writer.closing();
        if (closing || !queue.offer(cdr)) {
            lost.increment();
            LOG.error("CDR queue {}, not stored: {}", closing ? "closed" : "full", cdr);
        }
    }

    /** Writes what is queued (bounded wait) and stops; later CDRs are refused and counted as lost. */
    @Override
    public void close() {
        writer.close(() -> LOG.warn("{} CDRs still queued at shutdown", queue.size()));
    }
}
