package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * Non-INVITE server transaction (RFC 3261 §17.2.2, Fig. 8). Trying: copies are dropped;
 * Proceeding: copies get the latest 1xx; Completed: copies get the final response, which is
 * kept 64·T1 (Timer J) on UDP and not at all on TCP (J = 0, the transport does not lose it).
 * For a registrar this is the response cache: a copy of a REGISTER is answered here, before
 * the location write could run a second time (401/407 challenges aside, see {@link #afterFinal}).
 */
class NonInviteServerTransaction extends StatefulServerTransaction {

    NonInviteServerTransaction(TransactionKey key, SIPRequest request, Flow flow, ReplyPath path,
                               ServerTransactionTable table, SipTransportMeters meters) {
        super(key, request, flow, path, table, meters);
    }

    NonInviteServerTransaction(TransactionKey key, String method, String callId, Flow flow, ReplyPath path,
                               ServerTransactionTable table, SipTransportMeters meters) {
        super(key, method, callId, flow, path, table, meters);
    }

    /**
     * A digest challenge is not kept (RFC 3261 §8.2.7: challenges are commonly sent statelessly): a
     * copy of the request is simply challenged again, and half of a registration storm's
     * transactions no longer sit in memory for 32 s.
     */
    @Override
    void afterFinal(int status) {
        if (flow.transport().reliable() || status == 401 || status == 407) {
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
