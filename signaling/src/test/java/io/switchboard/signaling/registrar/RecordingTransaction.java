package io.switchboard.signaling.registrar;

import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.RawRequest;
import io.switchboard.common.sip.RawServerTransaction;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipTransportKind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The edge of the registrar's unit tests: a server transaction that keeps what the TU answered,
 * on either path: the RI's request, or the same request read by {@link RawRequest} (its header
 * lines are then turned into an RI response here, so both paths are asserted alike).
 */
final class RecordingTransaction implements ServerTransaction, RawServerTransaction {
    static final InetSocketAddress PHONE = new InetSocketAddress("192.0.2.10", 5062);
    private final Request request;
    private final RawRequest raw;
    private final SipMessages sip;
    final List<Response> responses = new ArrayList<>();
    /** Tasks the TU continued on its loop; run by the test with {@link #runLoop}. */
    final List<Runnable> loopTasks = new ArrayList<>();

    RecordingTransaction(SipMessages sip, Request request) {
        this.request = request;
        this.sip = sip;
        this.raw = RawRequest.parse(request.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public RawRequest raw() {
        if (raw == null) {
            throw new AssertionError("not of the plain shape RawRequest reads:\n" + request);
        }
        return raw;
    }

    @Override
    public void respond(int status, String reason, List<String> headerLines) {
        Response response = reason == null ? sip.response(request, status) : sip.response(request, status, reason);
        try {
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                response.addHeader(sip.headers().createHeader(line.substring(0, colon), line.substring(colon + 1).strip()));
            }
        } catch (java.text.ParseException e) {
            throw new AssertionError("the registrar wrote a header the RI cannot read: " + headerLines, e);
        }
        responses.add(response);
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
