package io.switchboard.common.sip;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The only owner of live server transactions (RFC 3261 §17.2.3 matching). Shared by all event
 * loops (a request is matched on the loop that read it, before any hand-off to a worker) and by
 * workers (a final response arms expiry). Lifetimes: 64·T1 from creation while the TU has not
 * answered, 64·T1 after a final (Timers J, H, L), T4 after the ACK to a non-2xx (Timer I).
 * INVITEs answered 2xx are also indexed by {@link AckKey} until their ACK or 64·T1 (RFC 3261 §13.3.1.4).
 */
final class ServerTransactionTable {
    private final ConcurrentHashMap<TransactionKey, StatefulServerTransaction> live = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AckKey, InviteServerTransaction> awaitingAck = new ConcurrentHashMap<>();
    private final SipTimers timers;
    private final ExpiryQueue lifetime;
    private final ExpiryQueue confirmed;

    ServerTransactionTable(SipTimers timers) {
        this.timers = timers;
        this.lifetime = new ExpiryQueue(timers.lifetimeMillis());
        this.confirmed = new ExpiryQueue(timers.t4Millis());
    }

    SipTimers timers() {
        return timers;
    }

    StatefulServerTransaction find(TransactionKey key) {
        return live.get(key);
    }

    /** Adds a new transaction and arms its 64·T1 deadline; false if one with the key exists already. */
    boolean add(StatefulServerTransaction transaction) {
        if (live.putIfAbsent(transaction.key, transaction) != null) {
            return false;
        }
        lifetime.add(transaction, System.nanoTime());
        return true;
    }

    void remove(StatefulServerTransaction transaction) {
        live.remove(transaction.key, transaction);
    }

    boolean contains(StatefulServerTransaction transaction) {
        return live.get(transaction.key) == transaction;
    }

    void armLifetime(StatefulServerTransaction transaction) {
        lifetime.add(transaction, System.nanoTime());
    }

    void armConfirmed(StatefulServerTransaction transaction) {
        confirmed.add(transaction, System.nanoTime());
    }

    void awaitAck(AckKey key, InviteServerTransaction transaction) {
        awaitingAck.put(key, transaction);
    }

    /** The accepted INVITE this ACK acknowledges, now no longer awaiting, or null. */
    InviteServerTransaction takeAwaitingAck(AckKey key) {
        return awaitingAck.remove(key);
    }

    void stopAwaitingAck(AckKey key, InviteServerTransaction transaction) {
        awaitingAck.remove(key, transaction);
    }

    int size() {
        return live.size();
    }

    /** The periodic tick: drops transactions whose current deadline has passed. */
    void expire(long nowNanos) {
        lifetime.expire(nowNanos, this::expired);
        confirmed.expire(nowNanos, this::expired);
    }

    private void expired(StatefulServerTransaction transaction) {
        if (live.remove(transaction.key, transaction)) {
            transaction.expired();
        }
    }
}
