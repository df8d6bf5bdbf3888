package io.switchboard.signaling.trunk;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * Simultaneous calls per trunk, against its {@code maxChannels}: a call holds one channel of the trunk it
 * came in or is going out by, from its placement to its end. Counted on this signaling member, which
 * carries all calls of an HA pair; lock-free (one atomic per trunk).
 */
public final class TrunkChannels {
    private final Map<String, AtomicInteger> inUse = new ConcurrentHashMap<>();
    private final ToIntFunction<String> limit;

    /** @param limit a trunk's maxChannels (0 for a trunk that no longer exists: nothing more is taken) */
    public TrunkChannels(ToIntFunction<String> limit) {
        this.limit = limit;
    }

    /** Takes a channel of {@code trunk}; false, nothing taken, when all of its channels are busy. */
    public boolean tryAcquire(String trunk) {
        AtomicInteger n = inUse.computeIfAbsent(trunk, t -> new AtomicInteger());
        if (n.incrementAndGet() <= limit.applyAsInt(trunk)) {
            return true;
        }
        n.decrementAndGet();
        return false;
    }

    public void release(String trunk) {
        AtomicInteger n = inUse.get(trunk);
        if (n != null && n.decrementAndGet() < 0) {
            n.set(0);
        }
    }

    /** Calls now holding a channel of {@code trunk}. */
    public int inUse(String trunk) {
        AtomicInteger n = inUse.get(trunk);
        return n == null ? 0 : n.get();
    }
}
