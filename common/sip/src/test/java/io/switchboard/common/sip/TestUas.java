package io.switchboard.common.sip;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.address.SipURI;
import javax.sip.message.Request;

/**
 * The TU of the tests: OPTIONS and REGISTER get 200 (401 for Request-URI user {@code challenge}), INVITE 501. Request-URI user {@code block}
 * waits for {@link #release}; user {@code boom} throws. Counts calls per Call-ID.
 */
final class TestUas implements SipRequestHandler {
    final SipMessages messages = new SipMessages("switchboard-test");
    final CountDownLatch release = new CountDownLatch(1);
    final ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<ServerTransaction> seen = new CopyOnWriteArrayList<>();

    @Override
    public void onRequest(ServerTransaction transaction) {
        Request request = transaction.request();
        String callId = ((javax.sip.header.CallIdHeader) request.getHeader("Call-ID")).getCallId();
        calls.computeIfAbsent(callId, id -> new AtomicInteger()).incrementAndGet();
        seen.add(transaction);
        String user = ((SipURI) request.getRequestURI()).getUser();
        if ("boom".equals(user)) {
            throw new IllegalStateException("test handler failure");
        }
        if ("block".equals(user)) {
            await();
        }
        int status = Request.INVITE.equals(request.getMethod()) ? 501 : "challenge".equals(user) ? 401 : 200;
        transaction.respond(messages.response(request, status));
    }

    void await() {
        try {
            release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int calls(String callId) {
        AtomicInteger count = calls.get(callId);
        return count == null ? 0 : count.get();
    }
}
