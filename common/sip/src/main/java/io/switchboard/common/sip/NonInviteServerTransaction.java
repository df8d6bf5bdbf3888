package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * Non-INVITE server transaction (RFC 3261 §17.2.2, Fig. 8). Trying: copies are dropped;
 * Proceeding: copies get the latest 1xx; Completed: copies get the final response, which is
 * kept 64·T1 (Timer J) on UDP and not at all on TCP (J = 0, the transport does not lose it).
 * For a registrar this is the response cache of notes §3: a copy of a REGISTER is answered
 * here, before digest checks or location writes could run a second time.
 */
final class NonInviteServerTransaction extends StatefulServerTransaction {

    NonInviteServerTransaction(TransactionKey key, SIPRequest request, Flow flow, ReplyPath path,
                               ServerTransactionTable table, SipTransportMeters meters) {
        super(key, request, flow, path, table, meters);
    }

    @Override
    void afterFinal(int status) {
        if (flow.transport().reliable()) {
            table.remove(this);
        } else {
            table.armLifetime(this);
            releaseRequest();
        }
    }

    @Override
    void onRetransmission() {
        resend(latestBytes());
    }
}
