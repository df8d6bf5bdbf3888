package io.switchboard.common.sip;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import javax.sip.InvalidArgumentException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only owner of live client transactions (RFC 3261 §17.1): creates them with our top Via,
 * matches responses to them by branch and CSeq method (§17.1.3) and sends the stateless ACK for a
 * 2xx (§13.2.2.4). Branches are {@code z9hG4bK} + a per-transport tag + counter + random
 * (§8.1.1.7: unique in space and time), so an ACK we already sent is recognised as ours.
 * Shared by all event loops and the TU's threads.
 */
final class ClientTransactions {
    private static final Logger log = LoggerFactory.getLogger(ClientTransactions.class);


    private final ConcurrentHashMap<ClientTransactionKey, StatefulClientTransaction> live = new ConcurrentHashMap<>();
    private final SipTimers timers;
    private final Outbound outbound;
    private final SipMessages messages;
    private final ThreadPoolExecutor workers;
    private final EventLoopGroup loops;
    /** Non-null for a sharded TU: a transaction's timers and callbacks run on its Call-ID's loop. */
    private final CallIdShards shards;
    private final Function<InetSocketAddress, String> viaHost;
    private final ToIntFunction<SipTransportKind> viaPort;
    private final String branchPrefix;
    private final AtomicLong counter = new AtomicLong();

    ClientTransactions(SipTimers timers, Outbound outbound, SipMessages messages, ThreadPoolExecutor workers,
                       EventLoopGroup loops, CallIdShards shards, Function<InetSocketAddress, String> viaHost,
                       ToIntFunction<SipTransportKind> viaPort) {
        this.timers = timers;
        this.outbound = outbound;
        this.messages = messages;
        this.workers = workers;
        this.loops = loops;
        this.shards = shards;
        this.viaHost = viaHost;
        this.viaPort = viaPort;
        this.branchPrefix = TransactionKey.MAGIC_COOKIE + "sb" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)) + '.';
    }

    SipTimers timers() {
        return timers;
    }

    Outbound outbound() {
        return outbound;
    }

    java.util.concurrent.Executor callbacks(EventLoop loop) {
        return shards != null ? shards.callbacks(loop) : new OrderedCallbacks(workers, loop);
    }

    /** A copy of {@code request} with our top Via and a new branch, sent in a new client transaction. */
    ClientTransaction send(Request request, InetSocketAddress destination, SipTransportKind transport,
                           ClientTransactionUser user) {
        String method = request.getMethod();
        if (Request.ACK.equals(method) || Request.CANCEL.equals(method)) {
            throw new IllegalArgumentException(method + " has no client transaction of its own here: use "
                    + (Request.ACK.equals(method) ? "SipTransport.sendAck" : "ClientTransaction.cancel"));
        }
        SIPRequest copy = (SIPRequest) request.clone();
        addVia(copy, destination, transport);
        return start(copy, destination, transport, user);
    }

    /** Starts a transaction for a request that already carries our top Via (a CANCEL reuses the INVITE's). */
    StatefulClientTransaction start(SIPRequest request, InetSocketAddress destination, SipTransportKind transport,
                                    ClientTransactionUser user) {
        ClientTransactionKey key = ClientTransactionKey.of(request.getTopmostVia().getBranch(), request.getMethod());
        EventLoop loop = shards != null ? shards.of(request.getCallId().getCallId()) : loops.next();
        StatefulClientTransaction transaction = Request.INVITE.equals(request.getMethod())
                ? new InviteClientTransaction(key, request, destination, transport, user, this, loop)
                : new NonInviteClientTransaction(key, request, destination, transport, user, this, loop);
        if (live.putIfAbsent(key, transaction) != null) {
            throw new IllegalStateException("client transaction " + key + " exists already");
        }
        transaction.start();
        return transaction;
    }

    /**
     * The ACK for a 2xx: its own transaction with a new branch, sent once, no retransmission
     * (§13.2.2.4, §17). Our Via is added to {@code ack} itself unless it carries one already, so
     * passing the same ACK again for a resent 2xx sends the identical ACK.
     */
    void sendAck(Request ack, InetSocketAddress destination, SipTransportKind transport) {
        if (!Request.ACK.equals(ack.getMethod())) {
            throw new IllegalArgumentException("sendAck needs an ACK, got " + ack.getMethod());
        }
        SIPRequest request = (SIPRequest) ack;
        Via top = request.getTopmostVia();
        if (top == null || top.getBranch() == null || !top.getBranch().startsWith(branchPrefix)) {
            addVia(request, destination, transport);
        }
        outbound.send(SipCodec.encode(request, transport), destination, transport, new Outbound.Listener() {
            @Override
            public void sent(Channel channel) {
            }

            @Override
            public void failed(String reason) {
                log.debug("ACK Call-ID {} not sent: {}", request.getCallId().getCallId(), reason);
            }
        });
    }

    /** Hands the response to its transaction; false if it matches none (RFC 6026: drop, never relay). */
    boolean onResponse(SIPResponse response) {
        Via top = response.getTopmostVia();
        String branch = top == null ? null : top.getBranch();
        if (branch == null || response.getCSeq() == null) {
            return false;
        }
        StatefulClientTransaction transaction = live.get(ClientTransactionKey.of(branch, response.getCSeq().getMethod()));
        if (transaction == null) {
            return false;
        }
        transaction.onResponse(response);
        return true;
    }

    void remove(StatefulClientTransaction transaction) {
        live.remove(transaction.key, transaction);
    }

    int size() {
        return live.size();
    }

    private void addVia(SIPRequest request, InetSocketAddress destination, SipTransportKind transport) {
        String branch = branchPrefix + Long.toString(counter.incrementAndGet(), 36) + '.'
                + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        try {
            javax.sip.header.ViaHeader via = messages.headers().createViaHeader(viaHost.apply(destination),
                    viaPort.applyAsInt(transport), transport.name(), branch);
            via.setRPort();
            request.addFirst(via);
        } catch (ParseException | InvalidArgumentException | javax.sip.SipException e) {
            throw new IllegalStateException("cannot build our Via towards " + destination, e);
        }
    }
}
