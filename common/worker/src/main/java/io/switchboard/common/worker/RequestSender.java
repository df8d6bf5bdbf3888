package io.switchboard.common.worker;

import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.SipTransport;
import javax.sip.message.Request;

/** How a worker's calls send their own requests (BYE, REFER, INVITE) and the ACK of a 2xx. */
public interface RequestSender {

    /** Starts a client transaction for {@code request} to {@code flow}'s remote end; {@code user} gets its outcome. */
    ClientTransaction send(Request request, Flow flow, ClientTransactionUser user);

    /** The ACK of a 2xx to our INVITE (RFC 3261 §13.2.2.4): its own stateless send, again for each 2xx resent. */
    void sendAck(Request ack, Flow flow);

    static RequestSender of(SipTransport transport) {
        return new RequestSender() {
            @Override
            public ClientTransaction send(Request request, Flow flow, ClientTransactionUser user) {
                return transport.send(request, flow.remote(), flow.transport(), user);
            }

            @Override
            public void sendAck(Request ack, Flow flow) {
                transport.sendAck(ack, flow.remote(), flow.transport());
            }
        };
    }
}
