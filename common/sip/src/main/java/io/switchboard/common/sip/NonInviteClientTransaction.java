package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;

/**
 * Non-INVITE client transaction (RFC 3261 §17.1.2.2, Fig. 6). Trying: resent at T1 doubling up to
 * T2 (Timer E, UDP only); Proceeding: resent every T2; Timer F (64·T1) ends both with
 * {@link ClientTransactionUser#onTimeout} — no 408 of ours goes anywhere (RFC 4320). Completed:
 * copies of the final are absorbed for T4 on UDP (Timer K), not at all on TCP.
 */
final class NonInviteClientTransaction extends StatefulClientTransaction {
    private enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    private State state = State.TRYING;
    private ScheduledFuture<?> timerF;

    NonInviteClientTransaction(ClientTransactionKey key, SIPRequest request, InetSocketAddress destination,
                               SipTransportKind transport, ClientTransactionUser user, ClientTransactions layer,
                               EventLoop loop) {
        super(key, request, destination, transport, user, layer, loop);
    }

    @Override
    public boolean isInvite() {
        return false;
    }

    /** §9.1: only an INVITE can be cancelled. */
    @Override
    public void cancel() {
    }

    @Override
    void armInitialTimers() {
        synchronized (this) {
            timerF = schedule(this::timerF, timers.lifetimeMillis());
        }
        if (!transport.reliable()) {
            schedule(() -> timerE(timers.t1Millis()), timers.t1Millis());
        }
    }

    private void timerE(long interval) {
        long next;
        synchronized (this) {
            if (state == State.TRYING) {
                next = Math.min(2 * interval, timers.t2Millis());
            } else if (state == State.PROCEEDING) {
                next = timers.t2Millis();
            } else {
                return;
            }
        }
        transmit();
        schedule(() -> timerE(next), next);
    }

    private void timerF() {
        synchronized (this) {
            if (state != State.TRYING && state != State.PROCEEDING) {
                return;
            }
            state = State.TERMINATED;
        }
        terminate();
        callbacks.execute(() -> user.onTimeout(this));
    }

    @Override
    void onResponse(SIPResponse response) {
        int status = response.getStatusCode();
        synchronized (this) {
            if (state != State.TRYING && state != State.PROCEEDING) {
                return;
            }
            if (status < 200) {
                state = State.PROCEEDING;
            } else {
                state = State.COMPLETED;
                timerF.cancel(false);
            }
        }
        if (status < 200) {
            if (status > 100) {
                callbacks.execute(() -> user.onProvisional(this, response));
            }
            return;
        }
        callbacks.execute(() -> user.onFinal(this, response));
        if (transport.reliable()) {
            end();
        } else {
            schedule(this::end, timers.t4Millis());
        }
    }

    @Override
    void transportError(String reason) {
        boolean report;
        synchronized (this) {
            if (state == State.TERMINATED) {
                return;
            }
            report = state != State.COMPLETED;
            state = State.TERMINATED;
            timerF.cancel(false);
        }
        terminate();
        if (report) {
            callbacks.execute(() -> user.onTransportError(this, reason));
        }
    }

    private void end() {
        synchronized (this) {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
        }
        terminate();
    }
}
