package io.switchboard.common.sip;

import javax.sip.message.Response;

/**
 * The transaction user of a client transaction (RFC 3261 §17.1), e.g. one leg of a B2BUA call.
 * Callbacks run on the transport's worker pool (they may block), or on the Call-ID's event loop for a
 * sharded TU ({@link SipRequestHandler#onShards}), one at a time and in arrival order per transaction.
 */
public interface ClientTransactionUser {

    /**
     * For requests whose outcome changes nothing (a CANCEL, RFC 3261 §9.1; a BYE of a call already over
     * on our side; a NOTIFY of a transfer's progress): every callback does nothing.
     */
    ClientTransactionUser IGNORE = new ClientTransactionUser() {
        @Override
        public void onProvisional(ClientTransaction tx, Response response) {
        }

        @Override
        public void onFinal(ClientTransaction tx, Response response) {
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
        }

        @Override
        public void onTransportError(ClientTransaction tx, String reason) {
        }
    };

    /** A provisional response 101-199; 100 Trying only stops resends and is not passed up (§17.1.1.2). */
    void onProvisional(ClientTransaction tx, Response response);

    /** The first final response (2xx or 300-699); for a 300-699 to an INVITE the ACK is already sent (§17.1.1.3). */
    void onFinal(ClientTransaction tx, Response response);

    /**
     * INVITE in Accepted (RFC 6026 §7.2): a resent 2xx or a 2xx of another fork (other To tag).
     * The TU ACKs it again (§13.2.2.4) with {@link SipTransport#sendAck}.
     */
    default void onRetransmitted2xx(ClientTransaction tx, Response response) {
    }

    /** Timer B or F fired without a final response; the TU treats it as 408 (§8.1.3.1). */
    void onTimeout(ClientTransaction tx);

    /** The request could not be sent (write failure, connection refused or lost); treat as 503 (§8.1.3.1, §17.1.4). */
    void onTransportError(ClientTransaction tx, String reason);
}
