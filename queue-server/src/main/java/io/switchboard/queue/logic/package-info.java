/**
 * The queue server's decisions, free of sockets, SIP and the cluster: whom to ring
 * ({@link io.switchboard.queue.logic.AgentPicker}), the callers' order
 * ({@link io.switchboard.queue.logic.WaitingLine}), the estimated wait and its announcement
 * ({@link io.switchboard.queue.logic.WaitEstimate}, {@link io.switchboard.queue.logic.Announcement})
 * and the queue's statistics ({@link io.switchboard.queue.logic.QueueTally}).
 */
package io.switchboard.queue.logic;
