package io.switchboard.common.sip;

import io.netty.channel.EventLoop;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transaction-user callbacks of a sharded TU ({@link SipRequestHandler#onShards}), run on the shard's
 * loop. Always queued, never run inside the caller's frame, even on that loop: a TU that sends from a
 * callback must not be re-entered by the callback its own send triggers. One thread keeps the order.
 */
final class LoopCallbacks implements Executor {
    private static final Logger log = LoggerFactory.getLogger(LoopCallbacks.class);
    private final EventLoop loop;

    LoopCallbacks(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public void execute(Runnable callback) {
        try {
            loop.execute(() -> {
                try {
                    callback.run();
                } catch (RuntimeException | AssertionError e) {
                    log.warn("transaction user callback failed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException closing) {
            log.debug("transport closing: transaction callback dropped");
        }
    }
}
