package io.switchboard.common.rtp;

import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The shared ptime clock of one event loop: a single fixed-rate task every 20 ms that ticks every
 * endpoint living on that loop, so 5,000 calls cost a few timers, not 5,000 threads or schedules.
 * Netty's fixed-rate schedule keeps its deadline grid (a late tick does not shift the next), and
 * because an endpoint's channels sit on the same loop, ticking and receiving never race: no locks.
 * Endpoints join and leave only on the loop; one that leaves during a tick is dropped after it.
 * A tick has two passes: every endpoint receives (its frame reaches its {@link AudioSink}), then every
 * endpoint sends (its {@link FrameSource} is asked): a conference whose participants share a loop
 * thus mixes frames of the same tick, with no hook of its own.
 */
final class MediaClock implements Runnable {
    static final int PTIME_MS = 20;

    private final EventLoop loop;
    private RtpEndpoint[] endpoints = new RtpEndpoint[64];
    private int size;
    private boolean removals;
    private ScheduledFuture<?> task;

    long ticks;
    /** Longest gap between two ticks seen, in microseconds: the clock's own jitter, for metrics. */
    long maxTickGapMicros;
    private long lastTickNanos;
    final TickStats stats = new TickStats();

    /** Run after each tick's send pass: a shared port sends what the tick queued ({@code sendmmsg}). */
    private final Runnable flush;

    MediaClock(EventLoop loop, Runnable flush) {
        this.loop = loop;
        this.flush = flush;
    }

    EventLoop loop() {
        return loop;
    }

    void start() {
        task = loop.scheduleAtFixedRate(this, PTIME_MS, PTIME_MS, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** On the loop only. */
    void add(RtpEndpoint e) {
        if (size == endpoints.length) {
            endpoints = java.util.Arrays.copyOf(endpoints, size * 2);
        }
        endpoints[size++] = e;
    }

    /** On the loop only: the endpoint is skipped from now and compacted away after the current tick. */
    void remove(RtpEndpoint e) {
        removals = true;
    }

    int size() {
        return size;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        long deviation = 0;
        if (lastTickNanos != 0) {
            long gap = (now - lastTickNanos) / 1000;
            maxTickGapMicros = Math.max(maxTickGapMicros, gap);
            deviation = Math.abs(gap - PTIME_MS * 1000L);
        }
        lastTickNanos = now;
        ticks++;
        long wallMillis = System.currentTimeMillis();
        int n = size;
        for (int i = 0; i < n; i++) {
            RtpEndpoint e = endpoints[i];
            if (!e.closed()) {
                e.receiveTick();
            }
        }
        for (int i = 0; i < n; i++) {
            RtpEndpoint e = endpoints[i];
            if (!e.closed()) {
                e.sendTick(wallMillis);
            }
        }
        flush.run();
        if (removals) {
            compact();
        }
        if (n > 0) {
            stats.record((System.nanoTime() - now) / 1000, deviation);
        }
    }

    private void compact() {
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (!endpoints[r].closed()) {
                endpoints[w++] = endpoints[r];
            }
        }
        java.util.Arrays.fill(endpoints, w, size, null);
        size = w;
        removals = false;
    }
}
