package io.switchboard.common.queue;

import java.io.Serializable;

/**
 * A queue's live figures as its host publishes them (about once a second and on every change of
 * the waiting line). Counts are since the host took the queue.
 *
 * @param queue            the queue's name
 * @param node             the queue node hosting it
 * @param waiting          callers waiting now (callbacks waiting for their turn included)
 * @param longestWait      the longest of their waits, in seconds
 * @param answered         callers connected to an agent
 * @param abandoned        callers who hung up while waiting
 * @param abandonedShort   of those, how many within the short-abandon threshold
 * @param exited           callers sent elsewhere (timeout, full, key)
 * @param averageWait      of answered callers, in seconds
 * @param averageHandle    of ended agent calls, in seconds
 * @param serviceLevel     % of answered callers answered within the queue's target (100 when none yet)
 * @param agentsAvailable  agents who could take a call now
 * @param agentsBusy       agents ringing, on a call or in wrap-up
 * @param agentsPaused     paused agents
 * @param agentsLoggedOut  members not logged in
 * @param updated          when this was computed (epoch ms)
 */
public record QueueStats(String queue, String node, int waiting, long longestWait, long answered, long abandoned,
                         long abandonedShort, long exited, double averageWait, double averageHandle,
                         double serviceLevel, int agentsAvailable, int agentsBusy, int agentsPaused, int agentsLoggedOut,
                         long updated) implements Serializable {
}
