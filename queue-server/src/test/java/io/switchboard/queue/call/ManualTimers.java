package io.switchboard.queue.call;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The queue's timer pool for tests: tasks handed to {@link #execute} run at once on one real thread
 * (as the queue's {@link SerialExecutor} drains on a pool in production), while scheduled tasks wait
 * for {@link #advance}, which moves the {@link ManualClock} from one due task to the next and lets
 * everything each task set off finish before the next one. {@link #settle()} returns once that thread
 * has run everything handed to it: with one thread, a no-op submitted after the work runs after it,
 * and the serial executor drains whatever its tasks queue in the same run.
 */
final class ManualTimers extends AbstractExecutorService implements ScheduledExecutorService {
    private final ManualClock clock;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "queue-test-pool");
        t.setDaemon(true);
        return t;
    });
    private final PriorityQueue<Timer> due = new PriorityQueue<>();
    private long sequence;

    ManualTimers(ManualClock clock) {
        this.clock = clock;
    }

    /** Waits until everything handed to the pool so far, and everything that set off, has run. */
    void settle() {
        try {
            thread.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the queue's pool did not settle", e);
        }
    }

    /** Moves the clock on by {@code by}, running every task that falls due on the way, in order. */
    void advance(Duration by) {
        long until = clock.millis() + by.toMillis();
        settle();
        while (true) {
            Timer next;
            synchronized (this) {
                next = due.peek();
                if (next == null || next.at > until) {
                    break;
                }
                due.poll();
            }
            clock.set(Math.max(clock.millis(), next.at));
            try {
                thread.submit(next.task).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("a timer task failed", e);
            }
            settle();
            synchronized (this) {
                if (next.period > 0 && !next.cancelled) {
                    next.at += next.period;
                    next.sequence = sequence++;
                    due.add(next);
                }
            }
        }
        clock.set(until);
        settle();
    }

    private synchronized Timer add(Runnable task, long delay, long period, TimeUnit unit) {
        // A one-shot task runs as a FutureTask, so get() answers as an executor's future would.
        java.util.concurrent.FutureTask<Object> once = period == 0 ? new java.util.concurrent.FutureTask<>(task, null) : null;
        Timer t = new Timer(once != null ? once : task, once, clock.millis() + unit.toMillis(Math.max(0, delay)),
                unit.toMillis(period), sequence++);
        due.add(t);
        return t;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(command, delay, 0, unit);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        java.util.concurrent.FutureTask<V> body = new java.util.concurrent.FutureTask<>(callable);
        synchronized (this) {
            Timer t = new Timer(body, (java.util.concurrent.FutureTask<Object>) (java.util.concurrent.FutureTask<?>) body,
                    clock.millis() + unit.toMillis(Math.max(0, delay)), 0, sequence++);
            due.add(t);
            return (ScheduledFuture<V>) (ScheduledFuture<?>) t;
        }
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return add(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        thread.execute(command);
    }

    @Override
    public void shutdown() {
        thread.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        synchronized (this) {
            due.clear();
        }
        return thread.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return thread.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return thread.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return thread.awaitTermination(timeout, unit);
    }

    private final class Timer implements ScheduledFuture<Object> {
        final Runnable task;
        /** The one-shot body, whose result get() returns; null for a periodic timer. */
        final java.util.concurrent.FutureTask<Object> once;
        final long period;
        long at;
        long sequence;
        boolean cancelled;

        Timer(Runnable task, java.util.concurrent.FutureTask<Object> once, long at, long period, long sequence) {
            this.task = task;
            this.once = once;
            this.at = at;
            this.period = period;
            this.sequence = sequence;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - clock.millis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Timer o = (Timer) other;
            return at != o.at ? Long.compare(at, o.at) : Long.compare(sequence, o.sequence);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualTimers.this) {
                if (cancelled) {
                    return false;
                }
                cancelled = true;
                due.remove(this);
                ManualTimers.this.notifyAll();
                if (once != null) {
                    once.cancel(false);
                }
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (ManualTimers.this) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            return isCancelled() || once != null && once.isDone();
        }

        /** Waits until the clock is advanced past it (by another thread); a periodic timer only ends cancelled. */
        @Override
        public Object get() throws InterruptedException, java.util.concurrent.ExecutionException {
            if (once == null) {
                synchronized (ManualTimers.this) {
                    while (!cancelled) {
                        ManualTimers.this.wait();
                    }
                }
                throw new java.util.concurrent.CancellationException();
            }
            return once.get();
        }

        @Override
        public Object get(long timeout, TimeUnit unit)
                throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
            if (once == null) {
                synchronized (ManualTimers.this) {
                    long end = System.nanoTime() + unit.toNanos(timeout);
                    while (!cancelled) {
                        long left = end - System.nanoTime();
                        if (left <= 0) {
                            throw new java.util.concurrent.TimeoutException();
                        }
                        TimeUnit.NANOSECONDS.timedWait(ManualTimers.this, left);
                    }
                }
                throw new java.util.concurrent.CancellationException();
            }
            return once.get(timeout, unit);
        }
    }
}
