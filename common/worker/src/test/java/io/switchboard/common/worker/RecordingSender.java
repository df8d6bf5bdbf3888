package io.switchboard.common.worker;

import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.Flow;
import java.util.ArrayList;
import java.util.List;
import javax.sip.message.Request;

/** Keeps the requests calls send (BYE, REFER); the test answers them through the kept user. */
final class RecordingSender implements RequestSender {
    record Sent(Request request, Flow flow, ClientTransactionUser user) {
        String method() {
            return request.getMethod();
        }
    }

    final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized ClientTransaction send(Request request, Flow flow, ClientTransactionUser user) {
        sent.add(new Sent(request, flow, user));
        RecordingSender self = this;
        return new ClientTransaction() {
            @Override
            public Request request() {
                return request;
            }

            @Override
            public Flow flow() {
                return flow;
            }

            @Override
            public boolean isInvite() {
                return Request.INVITE.equals(request.getMethod());
            }

            @Override
            public void cancel() {
                synchronized (self) {
                    cancelled.add(request);
                }
            }
        };
    }

    final List<Request> acks = new ArrayList<>();
    final List<Request> cancelled = new ArrayList<>();

    @Override
    public synchronized void sendAck(Request ack, Flow flow) {
        acks.add(ack);
    }

    synchronized List<String> methods() {
        return sent.stream().map(Sent::method).toList();
    }

    synchronized Sent last() {
        return sent.get(sent.size() - 1);
    }
}
