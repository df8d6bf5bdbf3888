package io.switchboard.common.sip;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Deadlines of one fixed lifetime, in insertion order (sofia-sip's per-state queues, notes §5):
 * with one TTL per queue the head is always the earliest, so a tick pops from the head and never
 * scans. An entry remembers the transaction's generation; if the transaction moved on since (final
 * response, ACK) the entry is stale and skipped, so nothing is ever cancelled.
 * Any thread may add; one thread (the tick) polls.
 */
final class ExpiryQueue {
    private record Entry(StatefulServerTransaction transaction, long deadlineNanos, int generation) {
    }

    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final long ttlNanos;

    ExpiryQueue(long ttlMillis) {
        this.ttlNanos = ttlMillis * 1_000_000L;
    }

    void add(StatefulServerTransaction transaction, long nowNanos) {
        entries.add(new Entry(transaction, nowNanos + ttlNanos, transaction.generation()));
    }

    void expire(long nowNanos, Consumer<StatefulServerTransaction> onExpired) {
        for (Entry head = entries.peek(); head != null && head.deadlineNanos - nowNanos <= 0; head = entries.peek()) {
            entries.poll();
            if (head.transaction.generation() == head.generation) {
                onExpired.accept(head.transaction);
            }
        }
    }
}
