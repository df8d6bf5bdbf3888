package io.switchboard.common.worker;

import io.switchboard.common.codec.CodecRegistry;
import io.switchboard.common.prompt.PromptLibrary;
import io.switchboard.common.rtp.MediaNegotiation;
import io.switchboard.common.sip.SipMessages;
import java.nio.file.Path;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A worker node of plain objects: {@link WorkerCalls} for an application on 8000, with fake RTP
 * ports, a recording sender and one event thread. Requests go in on the test's thread, as a SIP
 * worker would deliver them.
 */
final class WorkerFixture implements AutoCloseable {
    static final String NUMBER = "8000";
    static final String ADVERTISED = "10.0.0.5";
    static final int SIP_PORT = 5070;

    final SipMessages sip = new SipMessages("test");
    final RecordingSession.App app = new RecordingSession.App(NUMBER);
    final FakePorts ports;
    final RecordingSender sender = new RecordingSender();
    final ScheduledThreadPoolExecutor events = new ScheduledThreadPoolExecutor(1);
    final WorkerCalls calls;
    private int callIds;

    WorkerFixture(int maxSessions, int portPairs, Path promptDir) {
        ports = new FakePorts(portPairs);
        calls = new WorkerCalls(new WorkerRole("ivr", "IVR", ADVERTISED, maxSessions), app, ports,
                new MediaNegotiation(CodecRegistry.g711()), new PromptLibrary(promptDir), sip, events);
        calls.attach(SIP_PORT, sender);
    }

    RecordingTransaction send(Request request) {
        RecordingTransaction tx = new RecordingTransaction(request, CallerLeg.FLOW);
        calls.onRequest(tx);
        return tx;
    }

    CallerLeg newLeg() {
        return new CallerLeg(sip, "call-" + (++callIds), NUMBER);
    }

    /** A call answered with 200 but not yet ACKed; the leg knows the worker's tag. */
    CallerLeg answered() {
        CallerLeg leg = newLeg();
        Response ok = send(leg.invite(CallerLeg.PCMU_OFFER)).response();
        if (ok.getStatusCode() != Response.OK) {
            throw new AssertionError("INVITE not answered: " + ok);
        }
        leg.answered(ok);
        return leg;
    }

    /** A call answered and ACKed: media runs and the session started. */
    CallerLeg started() {
        CallerLeg leg = answered();
        send(leg.ack());
        return leg;
    }

    /** Waits until everything handed to the event thread so far has run. */
    void flush() {
        try {
            events.submit(() -> { }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("event thread stuck", e);
        }
    }

    @Override
    public void close() {
        events.shutdownNow();
    }
}
