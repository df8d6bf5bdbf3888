package io.switchboard.queue.call;

import io.switchboard.common.queue.BusyAgents;
import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueCallbacks;
import io.switchboard.common.queue.QueueCallRecord;
import io.switchboard.common.queue.QueueStatsBoard;
import io.switchboard.queue.logic.AgentPicker;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * What every hosted queue of a node shares: how it places calls (the worker), the agents'
 * states and which of them are on a call, the statistics board, where the record of each caller
 * goes (never blocking: {@code QueueCallLog::publish}), one picker (its round-robin memory is per
 * queue), the timer pool.
 */
public record QueueContext(String node, Dialer dialer, QueueAgents agents, BusyAgents busy, QueueStatsBoard board,
                           Consumer<QueueCallRecord> records, AgentPicker picker, ScheduledExecutorService timers,
                           Clock clock, RandomGenerator random, QueueMeters meters, QueueCallbacks callbacks) {

    /** Pending callbacks kept in this process only (tests). */
    public QueueContext(String node, Dialer dialer, QueueAgents agents, BusyAgents busy, QueueStatsBoard board,
                        Consumer<QueueCallRecord> records, AgentPicker picker, ScheduledExecutorService timers,
                        Clock clock, RandomGenerator random, QueueMeters meters) {
        this(node, dialer, agents, busy, board, records, picker, timers, clock, random, meters, QueueCallbacks.local());
    }
}
