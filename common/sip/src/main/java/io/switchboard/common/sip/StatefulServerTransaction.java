package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPRequest;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the INVITE and non-INVITE server transactions share (RFC 3261 §17.2): the request, its
 * reply path, the latest provisional and the final response as encoded bytes (a retransmitted
 * request gets those bytes again, never a re-encoding), and a generation number that moves on at
 * every state change so that a stale expiry entry in {@link ServerTransactionTable} is ignored.
 * {@link #respond} is called from worker threads; retransmissions and timers run on event loops.
 */
abstract class StatefulServerTransaction implements ServerTransaction {
    private static final Logger log = LoggerFactory.getLogger(StatefulServerTransaction.class);

    final TransactionKey key;
    /** Dropped by a completed non-INVITE transaction: a retransmission needs only the encoded final. */
    volatile SIPRequest request;
    final String method;
    final String callId;
    final Flow flow;
    final ReplyPath path;
    final ServerTransactionTable table;
    private final SipTransportMeters meters;
    private volatile int generation;
    private byte[] provisional;
    private byte[] finalResponse;
    private int finalStatus;

    StatefulServerTransaction(TransactionKey key, SIPRequest request, Flow flow, ReplyPath path,
                              ServerTransactionTable table, SipTransportMeters meters) {
        this.key = key;
        this.request = request;
        this.method = request.getMethod();
        this.callId = request.getCallId() == null ? "" : request.getCallId().getCallId();
        this.flow = flow;
        this.path = path;
        this.table = table;
        this.meters = meters;
    }

    /** For a request read without the RI ({@link RawRequest}): there is no parsed request to keep. */
    StatefulServerTransaction(TransactionKey key, String method, String callId, Flow flow, ReplyPath path,
                              ServerTransactionTable table, SipTransportMeters meters) {
        this.key = key;
        this.request = null;
        this.method = method;
        this.callId = callId;
        this.flow = flow;
        this.path = path;
        this.table = table;
        this.meters = meters;
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
    public java.util.concurrent.Executor loop() {
        return path.channel().eventLoop();
    }

    /** Sends the response unless a final one went out already (§17.2.1, §17.2.2: later finals are discarded). */
    @Override
    public final void respond(Response response) {
        send(response);
    }

    /** {@link #respond}, telling whether the response was sent (false: a final one went out before). */
    final boolean send(Response response) {
        return send(response.getStatusCode(), SipCodec.encode(response, flow.transport()));
    }

    /** Sends an encoded response; see {@link #send(Response)}. */
    final boolean send(int status, byte[] bytes) {
        synchronized (this) {
            if (finalResponse != null) {
                log.debug("{} to {} Call-ID {} after the final {}: discarded",
                        status, method, callId, finalStatus);
                return false;
            }
            if (status >= 200) {
                finalResponse = bytes;
                finalStatus = status;
                generation++;
            } else {
                provisional = bytes;
            }
        }
        // Counted first, so whoever sees the response also sees it counted.
        meters.responseSent(status);
        path.send(bytes);
        if (status >= 200) {
            afterFinal(status);
        }
        return true;
    }

    /** Arms the timers of the state the final response led to. */
    abstract void afterFinal(int status);

    /** A copy of the request arrived (event loop); it never reaches the TU. */
    abstract void onRetransmission();

    /** An ACK with this transaction's key arrived (event loop). */
    void onAck() {
    }

    /** The table dropped this transaction at its deadline. */
    void expired() {
        if (finalStatus() == 0) {
            log.warn("no final response from the request handler within {} ms to {} Call-ID {}: transaction dropped",
                    table.timers().lifetimeMillis(), method, callId);
        }
    }

    /**
     * Lets the parsed request go once the TU has answered it (an INVITE: once the ACK came): a
     * registration storm keeps ~100,000 completed transactions for 64·T1, 800 calls/s keep ~26,000
     * INVITEs, and the parsed request is most of each one's memory. {@link #request()} is null after.
     */
    void releaseRequest() {
        request = null;
    }

    int generation() {
        return generation;
    }

    /** Called with the monitor held, for state changes after the final response (e.g. ACK). */
    void nextGeneration() {
        generation++;
    }

    synchronized boolean hasFinal() {
        return finalResponse != null;
    }

    @Override
    public synchronized int finalStatus() {
        return finalStatus;
    }

    synchronized byte[] finalBytes() {
        return finalResponse;
    }

    synchronized byte[] latestBytes() {
        return finalResponse != null ? finalResponse : provisional;
    }

    synchronized boolean answeredAtAll() {
        return finalResponse != null || provisional != null;
    }

    void resend(byte[] bytes) {
        if (bytes != null) {
            path.send(bytes);
        }
    }
}
