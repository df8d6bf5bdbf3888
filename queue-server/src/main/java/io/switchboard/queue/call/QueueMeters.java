package io.switchboard.queue.call;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.switchboard.common.queue.QueueStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The queue node's counters, and per hosted queue its live figures as gauges labelled {@code queue}
 * (registered when the node takes a queue, removed when it gives it up).
 */
public final class QueueMeters {
    final LongAdder offers = new LongAdder();
    final LongAdder missed = new LongAdder();
    final LongAdder connected = new LongAdder();
    private volatile MeterRegistry registry;
    private final Map<String, List<Meter>> perQueue = new ConcurrentHashMap<>();

    public long connected() {
        return connected.sum();
    }

    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        FunctionCounter.builder("switchboard_queue_agent_offers", offers, LongAdder::sum)
                .description("agents rung for queue callers").register(registry);
        FunctionCounter.builder("switchboard_queue_agent_missed", missed, LongAdder::sum)
                .description("agent offers not answered (timeout, refused)").register(registry);
        FunctionCounter.builder("switchboard_queue_connected", connected, LongAdder::sum)
                .description("callers joined to an agent").register(registry);
    }

    /** The records of callers the node could not hand to signaling (each one is in the log). */
    public void watchRecords(io.switchboard.common.queue.QueueCallLog log) {
        MeterRegistry r = registry;
        if (r != null) {
            FunctionCounter.builder("switchboard_queue_call_records_lost", log,
                    io.switchboard.common.queue.QueueCallLog::lost)
                    .description("queue call records not handed to signaling (buffer or cluster queue full)").register(r);
        }
    }

    /** Gauges of one hosted queue, read from its latest statistics. */
    void watch(String queue, Supplier<QueueStats> stats) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        List<Meter> meters = new ArrayList<>();
        Tags tags = Tags.of("queue", queue);
        gauge(r, meters, "switchboard_queue_waiting", "callers waiting", tags, stats, QueueStats::waiting);
        gauge(r, meters, "switchboard_queue_longest_wait_seconds", "the longest wait now", tags, stats, QueueStats::longestWait);
        gauge(r, meters, "switchboard_queue_answered", "callers joined to an agent since the node took the queue", tags, stats,
                QueueStats::answered);
        gauge(r, meters, "switchboard_queue_abandoned", "callers who hung up while waiting", tags, stats, QueueStats::abandoned);
        gauge(r, meters, "switchboard_queue_average_wait_seconds", "average wait of answered callers", tags, stats,
                QueueStats::averageWait);
        gauge(r, meters, "switchboard_queue_average_handle_seconds", "average agent call", tags, stats, QueueStats::averageHandle);
        gauge(r, meters, "switchboard_queue_service_level_percent", "answered within the queue's target", tags, stats,
                QueueStats::serviceLevel);
        gauge(r, meters, "switchboard_queue_agents_available", "agents who could take a call", tags, stats,
                QueueStats::agentsAvailable);
        gauge(r, meters, "switchboard_queue_agents_busy", "agents ringing, on a call or in wrap-up", tags, stats,
                QueueStats::agentsBusy);
        gauge(r, meters, "switchboard_queue_agents_paused", "paused agents", tags, stats, QueueStats::agentsPaused);
        perQueue.put(queue, meters);
    }

    void unwatch(String queue) {
        List<Meter> meters = perQueue.remove(queue);
        MeterRegistry r = registry;
        if (meters != null && r != null) {
            meters.forEach(r::remove);
        }
    }

    private static void gauge(MeterRegistry r, List<Meter> out, String name, String help, Tags tags,
                              Supplier<QueueStats> stats, ToDoubleFunction<QueueStats> value) {
        out.add(Gauge.builder(name, stats, s -> {
            QueueStats now = s.get();
            return now == null ? 0 : value.applyAsDouble(now);
        }).description(help).tags(tags).register(r));
    }
}
