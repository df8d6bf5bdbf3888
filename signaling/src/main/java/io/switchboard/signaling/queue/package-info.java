/**
 * Call queues on the signaling side: the {@code queues} table ({@link io.switchboard.signaling.queue.QueueStore}),
 * the service that validates and stores a queue and then publishes it to the cluster's {@code queues} map
 * ({@link io.switchboard.signaling.queue.QueueDirectory}), the JSON both the table and the admin API use
 * ({@link io.switchboard.signaling.queue.QueueJson}), and the queue numbers and agent feature codes in the
 * number plan ({@link io.switchboard.signaling.queue.QueueNumbers}).
 */
package io.switchboard.signaling.queue;
