package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound path, top to bottom, on the event loop that read the message:
 * response → its client transaction, or dropped and counted (RFC 6026) ·
 * request: decode → answer 400 or drop → stamp received/rport → refuse 505/416/420 statelessly
 * ({@link RequestInspection}) → count → match a server transaction
 * (copies absorbed here, before any worker) → ACK / CANCEL → fairness under pressure →
 * new transaction → worker pool, or 503 when its queue is full. The handler runs on a worker; a
 * sharded handler ({@link SipRequestHandler#onShards}) runs on the loop owning the Call-ID instead:
 * at once when that is the loop that read it, else queued there (503 when that queue is full).
 * An ACK for a 2xx (or matching nothing) stops our 2xx resends and goes to the handler unanswered.
 */
final class SipReceiver {
    private static final Logger log = LoggerFactory.getLogger(SipReceiver.class);

    private final SipCodec codec = new SipCodec();
    /** Handler failures on hostile input must not flood the log (rate-limited, see LogLimiter). */
    private final LogLimiter failureLog = LogLimiter.everyTenSeconds();
    private final ServerTransactionTable table;
    private final ClientTransactions clients;
    private final ThreadPoolExecutor workers;
    /** Non-null: the TU runs on the loop owning each Call-ID, not on workers. */
    private final CallIdShards shards;
    private final int queueCapacity;
    private final SipRequestHandler handler;
    private final SipMessages messages;
    private final StatelessReplies replies;
    private final SipTransportMeters meters;
    private final FastThreadLocal<SourceFairness> fairness;
    /** The TU's {@link SipRequestHandler#rawMethods()}, each with a space. */
    private final byte[][] rawPrefixes;
    /** ACKs to our stateless challenges (their To tag says so) are dropped unparsed when the TU answers INVITE raw. */
    private final boolean rawAcks;

    SipReceiver(SipTransportSettings settings, ServerTransactionTable table, ClientTransactions clients,
                ThreadPoolExecutor workers, CallIdShards shards, SipRequestHandler handler, SipMessages messages,
                SipTransportMeters meters) {
        this.shards = shards;
        this.table = table;
        this.clients = clients;
        this.workers = workers;
        this.queueCapacity = settings.queueCapacity();
        this.handler = handler;
        this.messages = messages;
        this.replies = new StatelessReplies(messages);
        this.meters = meters;
        this.rawPrefixes = handler.rawMethods().stream()
                .map(m -> (m + ' ').getBytes(java.nio.charset.StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        this.rawAcks = handler.rawMethods().contains(Request.INVITE);
        int rate = settings.perSourceRate();
        this.fairness = new FastThreadLocal<>() {
            @Override
            protected SourceFairness initialValue() {
                return new SourceFairness(rate);
            }
        };
    }

    void onMessage(byte[] bytes, Flow flow, Channel channel) {
        if (SipCodec.isResponse(bytes)) {
            onResponse(bytes, flow);
            return;
        }
        if (rawPrefixes.length > 0 && rawCandidate(bytes) && answeredRaw(bytes, flow, channel)) {
            return;
        }
        if (rawAcks && RawRequest.startsWith(bytes, ACK_PREFIX) && ackToStatelessChallenge(bytes)) {
            return;
        }
        DecodedRequest decoded = codec.decode(bytes, flow.transport());
        if (!decoded.wellFormed()) {
            reject(decoded, flow, channel);
            return;
        }
        SIPRequest request = decoded.request();
        SymmetricResponseRouting.stamp(request.getTopmostVia(), flow.remote());
        if (decoded.unsupported() != null) {
            refuse(request, decoded.unsupported(), flow, channel);
            return;
        }
        String method = request.getMethod();
        meters.requestReceived(method);
        TransactionKey key = TransactionKey.of(request);
        StatefulServerTransaction existing = table.find(key);
        if (Request.ACK.equals(method)) {
            if (existing != null && existing.finalStatus() >= 300) {
                existing.onAck();
            } else {
                ackFor2xx(request, flow);
            }
            return;
        }
        if (existing != null) {
            meters.absorbed.increment();
            existing.onRetransmission();
            return;
        }
        ReplyPath path = ReplyPath.of(channel, flow, request.getTopmostVia());
        if (Request.CANCEL.equals(method)) {
            cancel(request, key, flow, path);
            return;
        }
        if (underPressure(request) && !fairness.get().admit(flow.remote().getAddress(), System.nanoTime())) {
            meters.fairnessDropped.increment();
            return;
        }
        StatefulServerTransaction transaction = Request.INVITE.equals(method)
                ? new InviteServerTransaction(key, request, flow, path, table, meters, messages,
                        shards != null ? shards.callbacks(shards.of(request.getCallId().getCallId()))
                                : new OrderedCallbacks(workers, channel.eventLoop()))
                : new NonInviteServerTransaction(key, request, flow, path, table, meters);
        if (!table.add(transaction)) {
            meters.absorbed.increment();
            return;
        }
        if (answeredInline(transaction)) {
            return;
        }
        if (!dispatch(transaction)) {
            table.remove(transaction);
            meters.overloadRejected.increment();
            send(SipCodec.encode(replies.overloaded(request), flow.transport()), Response.SERVICE_UNAVAILABLE, path);
            return;
        }
        if (transaction instanceof InviteServerTransaction invite) {
            invite.armTrying();
        }
    }

    private static final byte[] ACK_PREFIX = {'A', 'C', 'K', ' '};

    private boolean rawCandidate(byte[] bytes) {
        for (byte[] prefix : rawPrefixes) {
            if (RawRequest.startsWith(bytes, prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 3261 §17.1.1.3: the ACK to a non-2xx is never answered. When it acknowledges one of our
     * stateless challenges there is no transaction to end and no dialog to tell: counted and dropped.
     */
    private boolean ackToStatelessChallenge(byte[] bytes) {
        if (!SipMessages.isStatelessTag(RawRequest.toTagOf(bytes))) {
            return false;
        }
        meters.requestReceived(Request.ACK);
        return true;
    }

    /**
     * The TU's raw method in the plain shape: the same steps as below (count, absorb a copy, fairness
     * under pressure, new transaction) with no RI object made. False: nothing was done or sent, and
     * the RI path takes the request.
     */
    private boolean answeredRaw(byte[] bytes, Flow flow, Channel channel) {
        RawRequest raw = RawRequest.parse(bytes);
        if (raw == null) {
            return false;
        }
        TransactionKey key = RawNonInviteTransaction.keyOf(raw);
        StatefulServerTransaction existing = table.find(key);
        if (existing != null) {
            meters.requestReceived(raw.method());
            meters.absorbed.increment();
            existing.onRetransmission();
            return true;
        }
        if (underPressure(raw.callId()) && !fairness.get().admit(flow.remote().getAddress(), System.nanoTime())) {
            meters.requestReceived(raw.method());
            meters.fairnessDropped.increment();
            return true;
        }
        RawNonInviteTransaction transaction = new RawNonInviteTransaction(key, raw, flow,
                RawNonInviteTransaction.replyPath(channel, flow, raw), table, meters, messages);
        if (!table.add(transaction)) {
            meters.requestReceived(raw.method());
            meters.absorbed.increment();
            return true;
        }
        boolean answered;
        try {
            answered = handler.answerRaw(transaction);
        } catch (RuntimeException e) {
            if (failureLog.admit() >= 0) {
                log.warn("raw handler failed on {} Call-ID {}: {}", raw.method(), raw.callId(), e.toString());
            }
            answered = transaction.answeredAtAll();
        }
        if (!answered) {
            table.remove(transaction);
            return false;
        }
        meters.requestReceived(raw.method());
        meters.rawAnswered.increment();
        return true;
    }

    private void onResponse(byte[] bytes, Flow flow) {
        SIPResponse response = codec.decodeResponse(bytes, flow.transport());
        if (response == null) {
            meters.malformed(MalformedSip.UNPARSEABLE);
        } else if (!clients.onResponse(response)) {
            meters.malformed(MalformedSip.STRAY_RESPONSE);
        }
    }

    /**
     * RFC 3261 §13.3.1.4, §17: the ACK for a 2xx has a branch of its own (some devices reuse the
     * INVITE's; taken the same way, notes §2). It ends our 2xx resends and the TU gets it, as it gets
     * an ACK matching nothing: the dialog layer decides. Never answered.
     */
    private void ackFor2xx(SIPRequest ack, Flow flow) {
        InviteServerTransaction accepted = table.takeAwaitingAck(AckKey.of(ack));
        if (accepted != null) {
            accepted.acknowledge2xx();
        }
        AckTransaction transaction = new AckTransaction(ack, flow);
        Runnable toHandler = () -> {
            try {
                handler.onRequest(transaction);
            } catch (RuntimeException | AssertionError e) {
                if (failureLog.admit() >= 0) {
                    log.warn("request handler failed on ACK Call-ID {}: {}", ack.getCallId().getCallId(), e.toString());
                }
            }
        };
        try {
            if (shards == null) {
                workers.execute(toHandler);
                return;
            }
            EventLoop owner = shards.of(ack.getCallId().getCallId());
            if (owner.inEventLoop()) {
                toHandler.run();
            } else {
                owner.execute(toHandler);
            }
        } catch (RejectedExecutionException e) {
            meters.overloadRejected.increment();
        }
    }

    /**
     * Lets the TU answer on this event loop what needs no blocking call (a digest challenge, an
     * OPTIONS): half of a registration storm's requests then skip the hand-off to a worker.
     */
    private boolean answeredInline(StatefulServerTransaction transaction) {
        try {
            return handler.answerInline(transaction);
        } catch (RuntimeException e) {
            if (failureLog.admit() >= 0) {
                log.warn("inline handler failed on {} Call-ID {}: {}", transaction.method, transaction.callId, e.toString());
            }
            return false;
        }
    }

    private boolean underPressure(SIPRequest request) {
        return underPressure(request.getCallId().getCallId());
    }

    private boolean underPressure(String callId) {
        int queued = shards == null ? workers.getQueue().size()
                : CallIdShards.pendingTasks(shards.of(callId));
        return queued * 4 > queueCapacity;
    }

    private boolean dispatch(StatefulServerTransaction transaction) {
        if (shards != null) {
            return dispatchToShard(transaction);
        }
        if (workers.getQueue().remainingCapacity() == 0) {
            return false;
        }
        try {
            workers.execute(() -> runHandler(transaction));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** On the owning loop: now when it read the request, else queued there unless its queue is full. */
    private boolean dispatchToShard(StatefulServerTransaction transaction) {
        EventLoop owner = shards.of(transaction.callId);
        if (owner.inEventLoop()) {
            runHandler(transaction);
            return true;
        }
        if (CallIdShards.pendingTasks(owner) >= queueCapacity) {
            return false;
        }
        try {
            owner.execute(() -> runHandler(transaction));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void runHandler(StatefulServerTransaction transaction) {
        try {
            handler.onRequest(transaction);
        } catch (RuntimeException | AssertionError e) {
            if (failureLog.admit() >= 0) {
                log.warn("request handler failed on {} Call-ID {}: {}", transaction.method, transaction.callId, e.toString());
            }
            if (!transaction.hasFinal()) {
                transaction.respond(messages.response(transaction.request, Response.SERVER_INTERNAL_ERROR));
            }
        }
    }

    /** RFC 3261 §9.2: 200 to the CANCEL and 487 on a pending INVITE; no INVITE → 481. */
    private void cancel(SIPRequest request, TransactionKey key, Flow flow, ReplyPath path) {
        StatefulServerTransaction target = table.find(key.withMethod(Request.INVITE));
        NonInviteServerTransaction transaction = new NonInviteServerTransaction(key, request, flow, path, table, meters);
        if (!table.add(transaction)) {
            return;
        }
        if (target instanceof InviteServerTransaction invite) {
            transaction.respond(messages.response(request, Response.OK));
            invite.cancel();
        } else {
            transaction.respond(messages.response(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
        }
    }

    private void reject(DecodedRequest decoded, Flow flow, Channel channel) {
        meters.malformed(decoded.problem());
        if (decoded.answerable()) {
            SIPRequest partial = decoded.request();
            SymmetricResponseRouting.stamp(partial.getTopmostVia(), flow.remote());
            send(replies.badRequest(partial, decoded.problem()), Response.BAD_REQUEST,
                    ReplyPath.of(channel, flow, partial.getTopmostVia()));
        }
    }

    /** Stateless, like the 400s: a retransmission is refused again, and the ACK to a refused INVITE goes up unanswered. */
    private void refuse(SIPRequest request, UnsupportedRequest reason, Flow flow, Channel channel) {
        meters.unsupported(reason);
        send(SipCodec.encode(replies.unsupported(request, reason), flow.transport()), reason.status(),
                ReplyPath.of(channel, flow, request.getTopmostVia()));
    }

    private void send(byte[] bytes, int status, ReplyPath path) {
        meters.responseSent(status);
        path.send(bytes);
    }

    /** Stateless send for {@link SipTransport#send}. */
    void sendStateless(Response response, Flow flow, Channel channel) {
        ReplyPath path = ReplyPath.of(channel, flow, ((gov.nist.javax.sip.message.SIPMessage) response).getTopmostVia());
        send(SipCodec.encode(response, flow.transport()), response.getStatusCode(), path);
    }
}
