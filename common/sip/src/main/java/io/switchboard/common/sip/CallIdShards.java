package io.switchboard.common.sip;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The transport's event loops as shards of the transaction user's state (docs/ARCHITECTURE.md "Hot
 * paths"): a Call-ID belongs to one loop, which alone runs the TU for every request, response and
 * timer of that Call-ID, so the TU's per-call state needs no lock and no worker hand-off. A B2BUA
 * that picks its outgoing legs' Call-IDs with {@link #newCallId} keeps a whole call on one thread.
 */
public final class CallIdShards {
    private final EventLoop[] loops;
    /** One callback executor per loop, shared by every transaction of that loop (it holds no state). */
    private final LoopCallbacks[] callbacks;

    CallIdShards(EventLoopGroup group) {
        List<EventLoop> all = new ArrayList<>();
        for (EventExecutor e : group) {
            all.add((EventLoop) e);
        }
        this.loops = all.toArray(EventLoop[]::new);
        this.callbacks = new LoopCallbacks[loops.length];
        for (int i = 0; i < loops.length; i++) {
            callbacks[i] = new LoopCallbacks(loops[i]);
        }
    }

    /** The transaction-user callbacks of {@code loop}, one of these shards. */
    LoopCallbacks callbacks(EventLoop loop) {
        for (int i = 0; i < loops.length; i++) {
            if (loops[i] == loop) {
                return callbacks[i];
            }
        }
        throw new IllegalArgumentException("not one of the transport's event loops: " + loop);
    }

    /** The loop that owns {@code callId}. */
    public EventLoop of(String callId) {
        return loops[Math.floorMod(callId.hashCode(), loops.length)];
    }

    /**
     * A new random Call-ID ({@code hex@host}) owned by {@code shard}: tries random values until one
     * hashes there (about {@code count()} tries on average).
     */
    public String newCallId(EventLoop shard, String host) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            String id = Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                    + "@" + host;
            if (of(id) == shard) {
                return id;
            }
        }
    }

    public int count() {
        return loops.length;
    }

    /** Tasks waiting on {@code loop}: the shard's queue depth, the overload signal in place of a worker queue. */
    static int pendingTasks(EventLoop loop) {
        return loop instanceof SingleThreadEventExecutor s ? s.pendingTasks() : 0;
    }
}
