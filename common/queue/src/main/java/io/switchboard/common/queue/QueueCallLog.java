package io.switchboard.common.queue;

import com.hazelcast.collection.IQueue;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only owner of the {@code queue-calls} queue: {@link QueueCallRecord}s on their way from the
 * queue nodes (which have no database) to signaling, which stores them in {@code queue_calls}. Each
 * record is taken by one signaling member.
 *
 * <p>A queue node {@link #publish publishes} without ever blocking its caller (a queue's executor):
 * records wait in a bounded local buffer that one daemon thread sends to the cluster in batches. A
 * record that finds the buffer full, or the cluster queue full ({@link #CAPACITY}: signaling has not
 * taken them for a long while), is lost: counted ({@link #lost()}) and logged as one line, so it can
 * still be recovered from the log. While the cluster cannot be reached the sender retries its batch
 * and the buffer takes what comes meanwhile.
 */
public final class QueueCallLog implements AutoCloseable {
    public static final String QUEUE = "queue-calls";
    /** Records the cluster holds for signaling at most. */
    public static final int CAPACITY = 100_000;
    /** Records a queue node holds while the sender is behind. */
    static final int PENDING = 10_000;
    static final int BATCH = 500;
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(QueueCallLog.class);

    private final IQueue<QueueCallRecord> queue;
    private final BlockingQueue<QueueCallRecord> pending = new ArrayBlockingQueue<>(PENDING);
    private final LongAdder published = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private Thread sender;
    private volatile boolean closing;

    public QueueCallLog(HazelcastInstance hz) {
        this.queue = hz.getQueue(QUEUE);
    }

    public static void configure(Config config) {
        config.getQueueConfig(QUEUE).setMaxSize(CAPACITY).setBackupCount(1).setAsyncBackupCount(0);
    }

    // ---- the queue node's side ----

    /** Queued for the sender thread; never blocks. */
    public void publish(QueueCallRecord record) {
        if (closing || !pending.offer(record)) {
            lost(record, closing ? "the log is closed" : "the local buffer is full");
            return;
        }
        startSender();
    }

    /** Records sent to the cluster. */
    public long published() {
        return published.sum();
    }

    /** Records lost (buffer or cluster queue full, closed): each one was logged. */
    public long lost() {
        return lost.sum();
    }

    private synchronized void startSender() {
        if (sender == null && !closing) {
            sender = new Thread(this::send, "queue-call-log");
            sender.setDaemon(true);
            sender.start();
        }
    }

    private void send() {
        List<QueueCallRecord> batch = new ArrayList<>(BATCH);
        while (!closing || !pending.isEmpty()) {
            try {
                QueueCallRecord first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, BATCH - 1);
                deliver(batch);
                batch.clear();
            } catch (InterruptedException e) {
                batch.forEach(r -> lost(r, "interrupted"));
                return;
            }
        }
    }

    private void deliver(List<QueueCallRecord> batch) throws InterruptedException {
        while (true) {
            try {
                if (queue.addAll(batch)) {
                    published.add(batch.size());
                    return;
                }
                // Not room for the whole batch: as many as fit, the rest lost.
                for (QueueCallRecord r : batch) {
                    if (queue.offer(r)) {
                        published.increment();
                    } else {
                        lost(r, "the cluster queue is full (" + CAPACITY + "): is signaling storing them?");
                    }
                }
                return;
            } catch (HazelcastInstanceNotActiveException e) {
                batch.forEach(r -> lost(r, "the cluster member is shut down"));
                return;
            } catch (RuntimeException e) {
                if (closing) {
                    batch.forEach(r -> lost(r, "not sent before the close: " + e));
                    return;
                }
                LOG.warn("{} queue call records not sent ({}); trying again in {} s", batch.size(), e.toString(),
                        RETRY.toSeconds());
                Thread.sleep(RETRY.toMillis());
            }
        }
    }

    private void lost(QueueCallRecord record, String why) {
        lost.increment();
        LOG.error("queue call record not published ({}): {}", why, record);
    }

    /** Sends what is buffered (waiting up to 5 s) and stops; later records are lost. */
    @Override
    public void close() {
        Thread s;
        synchronized (this) {
            closing = true;
            s = sender;
        }
        if (s != null) {
            try {
                s.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (s.isAlive()) {
                s.interrupt();
            }
        }
        for (QueueCallRecord r; (r = pending.poll()) != null; ) {
            lost(r, "not sent before the close");
        }
    }

    // ---- signaling's side ----

    /**
     * Up to {@code max} records, waiting up to {@code wait} for the first; empty when none came. The
     * records are taken: no other member gets them.
     */
    public List<QueueCallRecord> take(int max, Duration wait) throws InterruptedException {
        QueueCallRecord first = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<QueueCallRecord> out = new ArrayList<>(Math.min(max, BATCH));
        out.add(first);
        if (max > 1) {
            queue.drainTo(out, max - 1);
        }
        return out;
    }

    /** Records waiting in the cluster for signaling. */
    public int backlog() {
        return queue.size();
    }
}
