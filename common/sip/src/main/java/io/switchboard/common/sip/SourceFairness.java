package io.switchboard.common.sip;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Token buckets per source IP, consulted only while the worker queue is under pressure, so that
 * one flooding source cannot fill the queue for everyone. One instance per event loop (no locks):
 * a source is counted on the loop that reads it. The map is bounded; idle buckets are swept at
 * most every few seconds; when it is full of active sources a new source is refused (under
 * pressure only) rather than letting spoofed addresses grow the heap.
 */
final class SourceFairness {
    static final int MAX_SOURCES = 8192;
    private static final long SWEEP_EVERY_NANOS = 5_000_000_000L;
    private static final long IDLE_NANOS = 10_000_000_000L;

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long lastNanos) {
            this.tokens = tokens;
            this.lastNanos = lastNanos;
        }
    }

    private final Map<InetAddress, Bucket> buckets = new HashMap<>();
    private final double tokensPerNano;
    private final double burst;
    private long lastSweepNanos;

    /** {@code ratePerSecond} sustained, with a burst of one second's worth. */
    SourceFairness(int ratePerSecond) {
        this.tokensPerNano = ratePerSecond / 1e9;
        this.burst = ratePerSecond;
    }

    boolean admit(InetAddress source, long nowNanos) {
        if (nowNanos - lastSweepNanos > SWEEP_EVERY_NANOS) {
            sweep(nowNanos);
        }
        Bucket bucket = buckets.get(source);
        if (bucket == null) {
            if (buckets.size() >= MAX_SOURCES) {
                return false;
            }
            bucket = new Bucket(burst, nowNanos);
            buckets.put(source, bucket);
        }
        bucket.tokens = Math.min(burst, bucket.tokens + (nowNanos - bucket.lastNanos) * tokensPerNano);
        bucket.lastNanos = nowNanos;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return true;
        }
        return false;
    }

    int sources() {
        return buckets.size();
    }

    private void sweep(long nowNanos) {
        lastSweepNanos = nowNanos;
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (nowNanos - it.next().lastNanos > IDLE_NANOS) {
                it.remove();
            }
        }
    }
}
