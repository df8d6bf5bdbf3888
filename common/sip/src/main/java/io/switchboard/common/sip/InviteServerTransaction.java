package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INVITE server transaction (RFC 3261 §17.2.1, Fig. 7, with RFC 6026 §7.1 Accepted).
 * Proceeding: 100 Trying if the TU is silent for 200 ms, copies get the latest 1xx.
 * Completed (300-699): the final is resent on copies and by Timer G (T1 doubling to T2, UDP only)
 * until the ACK (→ Confirmed, kept T4 to absorb ACK copies on UDP) or Timer H (64·T1).
 * Accepted (2xx): copies are absorbed for 64·T1 (Timer L). The 2xx itself is resent at T1 doubling
 * to T2 on every transport until its ACK (matched by {@link AckKey}) or 64·T1, when the TU's
 * {@link #onAckTimeout} callbacks run (§13.3.1.4, done here for the UAS core rather than in a dialog).
 */
final class InviteServerTransaction extends StatefulServerTransaction {
    private static final Logger log = LoggerFactory.getLogger(InviteServerTransaction.class);
    private static final long TRYING_DELAY_MILLIS = 200;

    private final SipMessages messages;
    private final Executor workers;
    private boolean acknowledged;
    /** Set with a 2xx: the ACK's key, kept past {@link #releaseRequest}. */
    private volatile AckKey ackKey;
    private boolean ackWaitOver;
    private final Callbacks cancelled = new Callbacks();
    private final Callbacks ackTimedOut = new Callbacks();

    InviteServerTransaction(TransactionKey key, SIPRequest request, Flow flow, ReplyPath path,
                            ServerTransactionTable table, SipTransportMeters meters, SipMessages messages,
                            java.util.concurrent.Executor callbacks) {
        super(key, request, flow, path, table, meters);
        this.messages = messages;
        this.workers = callbacks;
    }

    /** §17.2.1: a 100 unless the TU answers within 200 ms, so the client stops resending. */
    void armTrying() {
        SIPRequest invite = request;
        path.channel().eventLoop().schedule(() -> {
            if (!answeredAtAll()) {
                respond(messages.response(invite, Response.TRYING));
            }
        }, TRYING_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** §9.2: CANCEL before a final response ends the INVITE with 487; then the TU hears of it. */
    void cancel() {
        SIPRequest invite = request;
        if (invite != null && !hasFinal() && send(messages.response(invite, Response.REQUEST_TERMINATED))) {
            cancelled.fire(workers);
        }
    }

    @Override
    public void onCancel(Runnable callback) {
        cancelled.register(callback, workers);
    }

    @Override
    public void onAckTimeout(Runnable callback) {
        ackTimedOut.register(callback, workers);
    }

    @Override
    void afterFinal(int status) {
        table.armLifetime(this);
        if (status >= 300) {
            if (!flow.transport().reliable()) {
                scheduleTimerG(table.timers().t1Millis());
            }
            return;
        }
        ackKey = AckKey.of(request);
        table.awaitAck(ackKey, this);
        schedule2xxResend(table.timers().t1Millis());
        path.channel().eventLoop().schedule(this::noAckFor2xx, table.timers().lifetimeMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduleTimerG(long interval) {
        path.channel().eventLoop().schedule(() -> {
            if (completedWithoutAck()) {
                resend(finalBytes());
                scheduleTimerG(Math.min(2 * interval, table.timers().t2Millis()));
            }
        }, interval, TimeUnit.MILLISECONDS);
    }

    /** §13.3.1.4: even over TCP, since a later hop may be UDP. */
    private void schedule2xxResend(long interval) {
        path.channel().eventLoop().schedule(() -> {
            if (awaiting2xxAck()) {
                resend(finalBytes());
                schedule2xxResend(Math.min(2 * interval, table.timers().t2Millis()));
            }
        }, interval, TimeUnit.MILLISECONDS);
    }

    private void noAckFor2xx() {
        synchronized (this) {
            if (ackWaitOver) {
                return;
            }
            ackWaitOver = true;
        }
        table.stopAwaitingAck(ackKey, this);
        if (ackTimedOut.fire(workers)) {
            log.debug("no ACK for the 2xx to INVITE Call-ID {} within 64·T1", callId);
        }
    }

    /** The ACK for our 2xx arrived (new branch, or the INVITE's from a device that reuses it): stop resending. */
    void acknowledge2xx() {
        synchronized (this) {
            ackWaitOver = true;
        }
        releaseRequest();
    }

    @Override
    void onRetransmission() {
        if (finalStatus() >= 200 && finalStatus() < 300) {
            return;
        }
        if (!isAcknowledged()) {
            resend(latestBytes());
        }
    }

    @Override
    void onAck() {
        synchronized (this) {
            if (acknowledged || finalStatus() < 300) {
                return;
            }
            acknowledged = true;
            nextGeneration();
        }
        releaseRequest();
        if (flow.transport().reliable()) {
            table.remove(this);
        } else {
            table.armConfirmed(this);
        }
    }

    @Override
    void expired() {
        super.expired();
        if (finalStatus() >= 300 && !isAcknowledged()) {
            log.debug("Timer H: no ACK for {} to INVITE Call-ID {}", finalStatus(), callId);
        }
    }

    private synchronized boolean isAcknowledged() {
        return acknowledged;
    }

    private synchronized boolean completedWithoutAck() {
        return finalStatus() >= 300 && !acknowledged && table.contains(this);
    }

    private synchronized boolean awaiting2xxAck() {
        return !ackWaitOver;
    }

    /** TU callbacks for a one-time event; those registered after it run at once. All run on workers. */
    private static final class Callbacks {
        private final List<Runnable> registered = new ArrayList<>(1);
        private boolean fired;

        void register(Runnable callback, Executor workers) {
            synchronized (this) {
                if (!fired) {
                    registered.add(callback);
                    return;
                }
            }
            workers.execute(callback);
        }

        /** False if it had fired already. */
        boolean fire(Executor workers) {
            List<Runnable> due;
            synchronized (this) {
                if (fired) {
                    return false;
                }
                fired = true;
                due = List.copyOf(registered);
                registered.clear();
            }
            due.forEach(workers::execute);
            return true;
        }
    }
}
