package io.switchboard.signaling.cdr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes CDRs on one background thread through a bounded queue, so a slow database never holds a
 * call's event loop; when the queue is full the CDR is logged (one line, still recoverable from logs)
 * and counted. What has queued up is written in one transaction of up to {@link #BATCH} rows: at
 * hundreds of calls a second a statement and a commit per CDR cost the writer more than the rows.
 * A batch the database refuses is written again row by row, so one bad row loses only itself.
 */
public final class CdrWriter implements AutoCloseable {
    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(CdrWriter.class);
    private final CdrStore store;
    private final BlockingQueue<Cdr> queue = new ArrayBlockingQueue<>(50_000);
    private final Thread writer;
    private final Counter written;
    private final Counter lost;
    private volatile boolean closing;

    public CdrWriter(CdrStore store, MeterRegistry metrics) {
        this.store = store;
        this.written = metrics.counter("cdr.written");
        this.lost = metrics.counter("cdr.lost");
        this.writer = new Thread(this::run, "cdr-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Never blocks: queued for the writer thread. */
    public void write(Cdr cdr) {
        if (closing || !queue.offer(cdr)) {
            lost.increment();
            LOG.error("CDR queue {}, not stored: {}", closing ? "closed" : "full", cdr);
        }
    }

    private void run() {
        List<Cdr> batch = new ArrayList<>(BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                Cdr first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                store(batch);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void store(List<Cdr> batch) {
        try {
            store.insertAll(batch);
            written.increment(batch.size());
            return;
        } catch (SQLException e) {
            LOG.warn("{} CDRs not stored as one batch ({}): storing them one by one", batch.size(), e.getMessage());
        }
        for (Cdr cdr : batch) {
            try {
                store.insert(cdr);
                written.increment();
            } catch (SQLException e) {
                lost.increment();
                LOG.error("CDR not stored ({}): {}", e.getMessage(), cdr);
            }
        }
    }

    /** Writes what is queued (bounded wait) and stops; later CDRs are refused and counted as lost. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("{} CDRs still queued at shutdown", queue.size());
            writer.interrupt();
        }
    }
}
