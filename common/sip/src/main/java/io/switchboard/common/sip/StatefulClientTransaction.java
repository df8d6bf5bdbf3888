package io.switchboard.common.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Request;

/**
 * What the INVITE and non-INVITE client transactions share (RFC 3261 §17.1): the request encoded
 * once (resends are the same bytes), where it goes, and the TU. Serialisation: every event — a
 * response from any event loop, a timer on {@link #loop}, a send failure — takes the transaction's
 * monitor for its state change only; sends and TU callbacks happen after it is released, and the
 * callbacks go through {@link OrderedCallbacks} onto the worker pool, or onto the Call-ID's shard
 * ({@link LoopCallbacks}) for a sharded TU.
 * Timers are never cancelled for correctness: a timer that fires in a later state does nothing.
 */
abstract class StatefulClientTransaction implements ClientTransaction, Outbound.Listener {
    final ClientTransactionKey key;
    final SIPRequest request;
    final InetSocketAddress destination;
    final SipTransportKind transport;
    final ClientTransactionUser user;
    final ClientTransactions layer;
    final SipTimers timers;
    final java.util.concurrent.Executor callbacks;
    private final EventLoop loop;
    private final byte[] bytes;
    private final ChannelFutureListener connectionLost = closed -> transportError("connection closed");
    private volatile Flow flow;
    private Channel connection;

    StatefulClientTransaction(ClientTransactionKey key, SIPRequest request, InetSocketAddress destination,
                              SipTransportKind transport, ClientTransactionUser user, ClientTransactions layer,
                              EventLoop loop) {
        this.key = key;
        this.request = request;
        this.destination = destination;
        this.transport = transport;
        this.user = user;
        this.layer = layer;
        this.timers = layer.timers();
        this.loop = loop;
        this.callbacks = layer.callbacks(loop);
        this.bytes = SipCodec.encode(request, transport);
        this.flow = new Flow(transport, null, destination);
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public Flow flow() {
        return flow;
    }

    /** Arms the timers of the first state and sends the request. */
    final void start() {
        armInitialTimers();
        transmit();
    }

    abstract void armInitialTimers();

    /** A response whose branch and CSeq method match (§17.1.3); any event loop. */
    abstract void onResponse(SIPResponse response);

    /** The request or an ACK could not be sent, or the connection carrying the transaction closed (§17.1.4). */
    abstract void transportError(String reason);

    final void transmit() {
        send(bytes);
    }

    final void send(byte[] message) {
        layer.outbound().send(message, destination, transport, this);
    }

    @Override
    public final void sent(Channel channel) {
        if (!transport.reliable()) {
            if (flow.local() == null) {
                flow = new Flow(transport, (InetSocketAddress) channel.localAddress(), destination);
            }
            return;
        }
        synchronized (this) {
            if (connection != null) {
                return;
            }
            connection = channel;
        }
        flow = new Flow(transport, (InetSocketAddress) channel.localAddress(), (InetSocketAddress) channel.remoteAddress());
        channel.closeFuture().addListener(connectionLost);
    }

    @Override
    public final void failed(String reason) {
        transportError(reason);
    }

    final ScheduledFuture<?> schedule(Runnable timer, long millis) {
        return loop.schedule(timer, millis, TimeUnit.MILLISECONDS);
    }

    /** Terminated: out of the table at once; a TCP connection no longer reports to us. */
    final void terminate() {
        layer.remove(this);
        Channel channel;
        synchronized (this) {
            channel = connection;
        }
        if (channel != null) {
            channel.closeFuture().removeListener(connectionLost);
        }
    }
}
