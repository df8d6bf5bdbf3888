package io.switchboard.common.worker;

import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.ServerTransaction;
import java.util.ArrayList;
import java.util.List;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** A server transaction without a transport: keeps the responses and the INVITE's CANCEL / ACK-timeout callbacks. */
final class RecordingTransaction implements ServerTransaction {
    private final Request request;
    private final Flow flow;
    final List<Response> responses = new ArrayList<>();
    Runnable onCancel;
    Runnable onAckTimeout;

    RecordingTransaction(Request request, Flow flow) {
        this.request = request;
        this.flow = flow;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public Flow flow() {
        return flow;
    }

    @Override
    public void respond(Response response) {
        responses.add(response);
    }

    @Override
    public void onCancel(Runnable callback) {
        onCancel = callback;
    }

    @Override
    public void onAckTimeout(Runnable callback) {
        onAckTimeout = callback;
    }

    /** The only response; fails when there is none or more than one. */
    Response response() {
        if (responses.size() != 1) {
            throw new AssertionError("expected one response, got " + responses.size() + ": " + responses);
        }
        return responses.get(0);
    }
}
