/**
 * The queue node's calls: which application answers a dialled number ({@link io.switchboard.queue.call.QueueApplications}),
 * the queues this node hosts ({@link io.switchboard.queue.call.QueueHost}), one queue's line of callers and
 * the agents it rings ({@link io.switchboard.queue.call.QueueRuntime}), and the agents' feature codes.
 */
package io.switchboard.queue.call;
