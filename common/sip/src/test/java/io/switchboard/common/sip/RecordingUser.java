package io.switchboard.common.sip;

import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Response;

/** A client TU recording its callbacks as text ("provisional 180", "final 486", "timeout" ...) and the threads they ran on. */
final class RecordingUser implements ClientTransactionUser {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> threads = new LinkedBlockingQueue<>();
    final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();

    @Override
    public void onProvisional(ClientTransaction tx, Response response) {
        record("provisional " + response.getStatusCode(), response);
    }

    @Override
    public void onFinal(ClientTransaction tx, Response response) {
        record("final " + response.getStatusCode(), response);
    }

    @Override
    public void onRetransmitted2xx(ClientTransaction tx, Response response) {
        record("2xx again " + response.getStatusCode(), response);
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        record("timeout", null);
    }

    @Override
    public void onTransportError(ClientTransaction tx, String reason) {
        record("transport error", null);
    }

    private void record(String event, Response response) {
        threads.add(Thread.currentThread().getName());
        if (response != null) {
            responses.add(response);
        }
        events.add(event);
    }

    String next() {
        return nextWithin(5000).orElseThrow(() -> new AssertionError("no callback within 5 s"));
    }

    Optional<String> nextWithin(long millis) {
        try {
            return Optional.ofNullable(events.poll(millis, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
