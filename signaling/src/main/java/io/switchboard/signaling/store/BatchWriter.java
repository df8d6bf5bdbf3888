package io.switchboard.signaling.store;

import io.micrometer.core.instrument.Counter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * One daemon thread that takes rows from a {@link Source} in batches of up to {@code batch} and writes
 * each batch in one transaction: at hundreds of rows a second a statement and a commit per row cost
 * more than the rows. A batch the database refuses is written again row by row, so one bad row loses
 * only itself; a lost row is counted and logged as one line (still recoverable from the log).
 */
public final class BatchWriter<T> {

    /** Where the rows come from. */
    public interface Source<T> {
        /**
         * Up to {@code max} rows, waiting a little for the first: empty when none came, null when the
         * source is gone for good (the thread then stops).
         */
        List<T> take(int max) throws InterruptedException;

        /** Rows still held here that the thread writes after {@link BatchWriter#close} before it stops. */
        default boolean holdsMore() {
            return false;
        }

        /** A local queue, polled for up to {@code wait}; what it holds at close is still written. */
        static <T> Source<T> draining(BlockingQueue<T> queue, Duration wait) {
            return new Source<>() {
                @Override
                public List<T> take(int max) throws InterruptedException {
                    T first = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
                    if (first == null) {
                        return List.of();
                    }
                    List<T> batch = new ArrayList<>(max);
                    batch.add(first);
                    queue.drainTo(batch, max - 1);
                    return batch;
                }

                @Override
                public boolean holdsMore() {
                    return !queue.isEmpty();
                }
            };
        }
    }

    private final int batch;
    private final Source<T> source;
    private final RowSink<T> sink;
    private final Counter written;
    private final Counter lost;
    private final Logger log;
    private final String row;
    private final String rows;
    private final Thread thread;
    private volatile boolean closing;

    /**
     * @param row  and {@code rows}: what a row is called in the log lines ("CDR", "CDRs")
     * @param log  the owner's logger, so the lines keep their logger name
     */
    public BatchWriter(String threadName, int batch, Source<T> source, RowSink<T> sink, Counter written,
                       Counter lost, Logger log, String row, String rows) {
        this.batch = batch;
        this.source = source;
        this.sink = sink;
        this.written = written;
        this.lost = lost;
        this.log = log;
        this.row = row;
        this.rows = rows;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    /** Separate from the constructor so the owner's fields (which its source may read) are set first. */
    public void start() {
        thread.start();
    }

    /** True once {@link #close} was called. */
    public boolean closing() {
        return closing;
    }

    private void run() {
        while (!closing || source.holdsMore()) {
            List<T> taken;
            try {
                taken = source.take(batch);
            } catch (InterruptedException e) {
                return;
            }
            if (taken == null) {
                return;
            }
            if (!taken.isEmpty()) {
                store(taken);
            }
        }
    }

    private void store(List<T> taken) {
        try {
            sink.insertAll(taken);
            written.increment(taken.size());
            return;
        } catch (SQLException e) {
            log.warn("{} {} not stored as one batch ({}): storing them one by one", taken.size(), rows, e.getMessage());
        }
        for (T r : taken) {
            try {
                sink.insert(r);
                written.increment();
            } catch (SQLException e) {
                lost.increment();
                log.error("{} not stored ({}): {}", row, e.getMessage(), r);
            }
        }
    }

    /**
     * Stops taking and waits (up to 10 s) for the thread to write what it has; if it is still running,
     * {@code late} runs (to log what is left) and the thread is interrupted.
     */
    public void close(Runnable late) {
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            late.run();
            thread.interrupt();
        }
    }
}
