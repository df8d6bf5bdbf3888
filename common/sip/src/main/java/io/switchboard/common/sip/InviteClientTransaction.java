package io.switchboard.common.sip;

import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.text.ParseException;
import javax.sip.SipException;

/**
 * INVITE client transaction (RFC 3261 §17.1.1.2, Fig. 5, with RFC 6026 §7.2 Accepted).
 * Calling: resent at T1, 2·T1, 4·T1 ... (Timer A, UDP only, no cap) until a response or Timer B
 * (64·T1). Proceeding: nothing ends a ringing INVITE here (the TU's no-answer timer does).
 * Completed (300-699): we ACK (§17.1.1.3) and re-ACK each copy of the final, for Timer D
 * (64·T1 on UDP, 0 on TCP). Accepted (2xx): resent or forked 2xx go up for the TU to ACK,
 * for Timer M (64·T1). {@link #cancel} follows §9.1.
 */
final class InviteClientTransaction extends StatefulClientTransaction {
    private enum State { CALLING, PROCEEDING, COMPLETED, ACCEPTED, TERMINATED }

    private State state = State.CALLING;
    private boolean cancelWanted;
    private boolean cancelSent;
    private byte[] ack;
    private ScheduledFuture<?> timerB;

    InviteClientTransaction(ClientTransactionKey key, SIPRequest request, InetSocketAddress destination,
                            SipTransportKind transport, ClientTransactionUser user, ClientTransactions layer,
                            EventLoop loop) {
        super(key, request, destination, transport, user, layer, loop);
    }

    @Override
    public boolean isInvite() {
        return true;
    }

    @Override
    void armInitialTimers() {
        synchronized (this) {
            timerB = schedule(this::timerB, timers.lifetimeMillis());
        }
        if (!transport.reliable()) {
            schedule(() -> timerA(timers.t1Millis()), timers.t1Millis());
        }
    }

    private void timerA(long interval) {
        synchronized (this) {
            if (state != State.CALLING) {
                return;
            }
        }
        transmit();
        schedule(() -> timerA(2 * interval), 2 * interval);
    }

    private void timerB() {
        synchronized (this) {
            if (state != State.CALLING) {
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
        Runnable report = null;
        byte[] ackToSend = null;
        boolean sendCancel = false;
        boolean linger = false;
        synchronized (this) {
            switch (state) {
                case CALLING, PROCEEDING -> {
                    stopTimerB();
                    if (status < 200) {
                        state = State.PROCEEDING;
                        if (cancelWanted && !cancelSent) {
                            cancelSent = true;
                            sendCancel = true;
                        }
                        if (status > 100) {
                            report = () -> user.onProvisional(this, response);
                        }
                    } else if (status < 300) {
                        state = State.ACCEPTED;
                        linger = true;
                        report = () -> user.onFinal(this, response);
                    } else {
                        state = State.COMPLETED;
                        ack = SipCodec.encode(ackFor(response), transport);
                        ackToSend = ack;
                        linger = true;
                        report = () -> user.onFinal(this, response);
                    }
                }
                case COMPLETED -> {
                    if (status >= 300) {
                        ackToSend = ack;
                    }
                }
                case ACCEPTED -> {
                    if (status >= 200 && status < 300) {
                        report = () -> user.onRetransmitted2xx(this, response);
                    }
                }
                case TERMINATED -> {
                }
            }
        }
        if (ackToSend != null) {
            send(ackToSend);
        }
        if (sendCancel) {
            sendCancel();
        }
        if (report != null) {
            callbacks.execute(report);
        }
        if (linger) {
            // Timer D (0 on TCP: no copies of the final to absorb) or Timer M.
            long millis = status >= 300 && transport.reliable() ? 0 : timers.lifetimeMillis();
            if (millis == 0) {
                end();
            } else {
                schedule(this::end, millis);
            }
        }
    }

    @Override
    public void cancel() {
        synchronized (this) {
            if (state == State.CALLING) {
                cancelWanted = true;
                return;
            }
            if (state != State.PROCEEDING || cancelSent) {
                return;
            }
            cancelSent = true;
        }
        sendCancel();
    }

    /**
     * §9.1: the CANCEL is a non-INVITE transaction on the INVITE's branch. If no final response
     * follows within 64·T1 the INVITE transaction is given up (reported as a timeout).
     */
    private void sendCancel() {
        SIPRequest cancel;
        try {
            cancel = request.createCancelRequest();
        } catch (SipException e) {
            throw new IllegalStateException("RI cannot CANCEL an INVITE", e);
        }
        layer.start(cancel, destination, transport, ClientTransactionUser.IGNORE); // RFC 3261 §9.1: a CANCEL's response means nothing for the INVITE
        schedule(() -> {
            synchronized (this) {
                if (state != State.PROCEEDING) {
                    return;
                }
                state = State.TERMINATED;
            }
            terminate();
            callbacks.execute(() -> user.onTimeout(this));
        }, timers.lifetimeMillis());
    }

    @Override
    void transportError(String reason) {
        boolean report;
        synchronized (this) {
            if (state == State.TERMINATED || state == State.ACCEPTED) {
                return;
            }
            report = state != State.COMPLETED;
            state = State.TERMINATED;
            stopTimerB();
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

    /** Called with the monitor held. */
    private void stopTimerB() {
        if (timerB != null) {
            timerB.cancel(false);
            timerB = null;
        }
    }

    /** §17.1.1.3: Request-URI, Call-ID, From, CSeq number, Route and top Via of the INVITE, To of the response. */
    private SIPRequest ackFor(SIPResponse response) {
        try {
            return request.createErrorAck((To) response.getTo());
        } catch (SipException | ParseException e) {
            throw new IllegalStateException("cannot build the ACK for " + response.getStatusCode(), e);
        }
    }
}
