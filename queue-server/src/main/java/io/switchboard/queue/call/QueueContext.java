package io.switchboard.queue.call;

import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueStatsBoard;
import io.switchboard.common.worker.WorkerCalls;
import io.switchboard.queue.logic.AgentPicker;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/**
 * What every hosted queue of a node shares: the worker that answers and places calls, the agents'
 * states, the statistics board, one picker (its round-robin memory is per queue), the timer pool.
 */
public record QueueContext(String node, WorkerCalls worker, QueueAgents agents, QueueStatsBoard board, AgentPicker picker,
                    ScheduledExecutorService timers, Clock clock, RandomGenerator random, QueueMeters meters) {
}
