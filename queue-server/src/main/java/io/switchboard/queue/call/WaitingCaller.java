package io.switchboard.queue.call;

/**
 * A caller in a queue's line as the node shows it.
 *
 * @param number   the caller's number
 * @param joinedAt when it first reached the queue (signaling's clock, epoch ms): the line's order
 * @param callback whether it hung up to be called back
 */
public record WaitingCaller(String number, long joinedAt, boolean callback) {
}
