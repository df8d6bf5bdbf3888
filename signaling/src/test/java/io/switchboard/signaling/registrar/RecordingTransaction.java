package io.switchboard.signaling.registrar;

import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipTransportKind;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** The edge of the registrar's unit tests: a server transaction that keeps what the TU answered. */
final class RecordingTransaction implements ServerTransaction {
    static final InetSocketAddress PHONE = new InetSocketAddress("192.0.2.10", 5062);
    private final Request request;
    final List<Response> responses = new ArrayList<>();
    /** Tasks the TU continued on its loop; run by the test with {@link #runLoop}. */
    final List<Runnable> loopTasks = new ArrayList<>();

    RecordingTransaction(Request request) {
        this.request = request;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public Flow flow() {
        return new Flow(SipTransportKind.UDP, new InetSocketAddress("127.0.0.1", 5060), PHONE);
    }

    @Override
    public void respond(Response response) {
        responses.add(response);
    }

    @Override
    public Executor loop() {
        return loopTasks::add;
    }

    void runLoop() {
        List<Runnable> due = new ArrayList<>(loopTasks);
        loopTasks.clear();
        due.forEach(Runnable::run);
    }

    Response last() {
        return responses.get(responses.size() - 1);
    }
}
