package io.switchboard.common.sip;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most one log line per interval for one kind of event that an attacker can cause at will (a
 * malformed datagram, a handler failing on hostile input): a fuzzer sending 300,000 messages must
 * not fill the disk. The events themselves are counted in metrics; the line says how many it hid.
 * Lock-free: one CAS on the rare path that may log.
 */
public final class LogLimiter {
    private final long intervalNanos;
    private final LongSupplier clock;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    LogLimiter(long intervalNanos, LongSupplier clock) {
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.nextAllowed = new AtomicLong(clock.getAsLong());
    }

    /** One line every 10 s at most. */
    public static LogLimiter everyTenSeconds() {
        return new LogLimiter(10_000_000_000L, System::nanoTime);
    }

    /**
     * @return -1 when this event must not be logged; else the number of events hidden since the last
     *         line (0 or more), which the caller mentions in its line
     */
    public long admit() {
        long now = clock.getAsLong();
        long next = nextAllowed.get();
        if (now - next >= 0 && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}
