package io.switchboard.queue.call;

import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueStatsBoard;
import io.switchboard.queue.logic.AgentPicker;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/**
 * What every hosted queue of a node shares: how it places calls (the worker), the agents'
 * states, the statistics board, one picker (its round-robin memory is per queue), the timer pool.
 */
public record QueueContext(String node, Dialer dialer, QueueAgents agents, QueueStatsBoard board, AgentPicker picker,
                    ScheduledExecutorService timers, Clock clock, RandomGenerator random, QueueMeters meters) {
}
