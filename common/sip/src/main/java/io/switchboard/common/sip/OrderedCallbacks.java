package io.switchboard.common.sip;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transaction-user callbacks of one transaction, run on the worker pool one at a time in the order
 * they were queued: a 180 and the 200 right behind it must not reach the TU swapped by two workers.
 * A full worker queue does not lose a callback (a final response cannot be dropped like a new
 * request): the drain is retried from the event loop a little later.
 */
final class OrderedCallbacks implements Executor {
    private static final Logger log = LoggerFactory.getLogger(OrderedCallbacks.class);
    private static final long RETRY_MILLIS = 10;

    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService loop;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean draining;

    OrderedCallbacks(ThreadPoolExecutor workers, ScheduledExecutorService loop) {
        this.workers = workers;
        this.loop = loop;
    }

    @Override
    public void execute(Runnable callback) {
        synchronized (this) {
            queue.add(callback);
            if (draining) {
                return;
            }
            draining = true;
        }
        submit();
    }

    private void submit() {
        try {
            workers.execute(this::drain);
        } catch (RejectedExecutionException e) {
            if (workers.isShutdown()) {
                return;
            }
            try {
                loop.schedule(this::submit, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                log.debug("transport closing: transaction callbacks dropped");
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | AssertionError e) {
                log.warn("transaction user callback failed: {}", e.toString());
            }
        }
    }
}
