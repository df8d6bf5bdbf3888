package io.switchboard.queue.call;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/** The queue node's own counters (per-queue figures are gauges registered by {@link QueueHost}). */
public final class QueueMeters {
    final LongAdder offers = new LongAdder();
    final LongAdder missed = new LongAdder();
    final LongAdder connected = new LongAdder();

    public long connected() {
        return connected.sum();
    }

    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("switchboard_queue_agent_offers", offers, LongAdder::sum)
                .description("agents rung for queue callers").register(registry);
        FunctionCounter.builder("switchboard_queue_agent_missed", missed, LongAdder::sum)
                .description("agent offers not answered (timeout, refused)").register(registry);
        FunctionCounter.builder("switchboard_queue_connected", connected, LongAdder::sum)
                .description("callers joined to an agent").register(registry);
    }
}
