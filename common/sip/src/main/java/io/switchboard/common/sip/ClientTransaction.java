package io.switchboard.common.sip;

import javax.sip.message.Request;

/** A client transaction as the transaction user sees it (RFC 3261 §17.1). Thread-safe. */
public interface ClientTransaction {

    /** The request as sent, with our top Via (its branch identifies the transaction, §17.1.3). */
    Request request();

    /**
     * The transport path: our socket and the destination. For TCP the local address is null
     * until the connection is up.
     */
    Flow flow();

    boolean isInvite();

    /**
     * RFC 3261 §9.1: sends a CANCEL (its own non-INVITE transaction, same branch) once a provisional
     * response has arrived; before that the wish is remembered and the CANCEL goes out with the
     * first 1xx. After a final response, and for non-INVITE requests, it does nothing.
     */
    void cancel();
}
