package io.switchboard.common.worker;

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
    public synchronized void send(Request request, Flow flow, ClientTransactionUser user) {
        sent.add(new Sent(request, flow, user));
    }

    synchronized List<String> methods() {
        return sent.stream().map(Sent::method).toList();
    }

    synchronized Sent last() {
        return sent.get(sent.size() - 1);
    }
}
