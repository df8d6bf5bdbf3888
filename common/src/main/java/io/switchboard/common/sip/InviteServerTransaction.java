package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPRequest;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INVITE server transaction (RFC 3261 §17.2.1, Fig. 7, with RFC 6026 §7.1 Accepted).
 * Proceeding: 100 Trying if the TU is silent for 200 ms, copies get the latest 1xx.
 * Completed (300-699): the final is resent on copies and by Timer G (T1 doubling to T2, UDP only)
 * until the ACK (→ Confirmed, kept T4 to absorb ACK copies on UDP) or Timer H (64·T1).
 * Accepted (2xx): copies are absorbed for 64·T1 (Timer L); resending a 2xx is the dialog's job.
 */
final class InviteServerTransaction extends StatefulServerTransaction {
    private static final Logger log = LoggerFactory.getLogger(InviteServerTransaction.class);
    private static final long TRYING_DELAY_MILLIS = 200;

    private final SipMessages messages;
    private boolean acknowledged;

    InviteServerTransaction(TransactionKey key, SIPRequest request, Flow flow, ReplyPath path,
                            ServerTransactionTable table, SipTransportMeters meters, SipMessages messages) {
        super(key, request, flow, path, table, meters);
        this.messages = messages;
    }

    /** §17.2.1: a 100 unless the TU answers within 200 ms, so the client stops resending. */
    void armTrying() {
        path.channel().eventLoop().schedule(() -> {
            if (!answeredAtAll()) {
                respond(messages.response(request, Response.TRYING));
            }
        }, TRYING_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** §9.2: CANCEL before a final response ends the INVITE with 487. */
    void cancel() {
        if (!hasFinal()) {
            respond(messages.response(request, Response.REQUEST_TERMINATED));
        }
    }

    @Override
    void afterFinal(int status) {
        table.armLifetime(this);
        if (status >= 300 && !flow.transport().reliable()) {
            scheduleTimerG(table.timers().t1Millis());
        }
    }

    private void scheduleTimerG(long interval) {
        path.channel().eventLoop().schedule(() -> {
            if (completedWithoutAck()) {
                resend(finalBytes());
                scheduleTimerG(Math.min(2 * interval, table.timers().t2Millis()));
            }
        }, interval, TimeUnit.MILLISECONDS);
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
            log.debug("Timer H: no ACK for {} to INVITE Call-ID {}", finalStatus(), request.getCallId().getCallId());
        }
    }

    private synchronized boolean isAcknowledged() {
        return acknowledged;
    }

    private synchronized boolean completedWithoutAck() {
        return finalStatus() >= 300 && !acknowledged && table.contains(this);
    }
}
