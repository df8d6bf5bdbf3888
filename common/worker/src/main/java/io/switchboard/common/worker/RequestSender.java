package io.switchboard.common.worker;

import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.SipTransport;
import javax.sip.message.Request;

/** How an answered call sends its own requests (BYE, REFER): on the flow its INVITE came in on. */
@FunctionalInterface
public interface RequestSender {

    /** Starts a client transaction for {@code request} to {@code flow}'s remote end; {@code user} gets its outcome. */
    void send(Request request, Flow flow, ClientTransactionUser user);

    static RequestSender of(SipTransport transport) {
        return (request, flow, user) -> transport.send(request, flow.remote(), flow.transport(), user);
    }
}
