package io.switchboard.media.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.common.rtp.PortPairAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the relay's sockets: the event loops and binding a leg's channels on an even/odd port pair of
 * the configured range ({@link PortPairAllocator}: RTP on the even port, RTCP on the next, RFC 3550
 * section 11, round-robin). A leg always reserves its whole pair, but binds the
 * odd port only when it needs a separate RTCP socket: a leg with rtcp-mux (RFC 5761) never does,
 * and one whose mux offer is not answered yet binds it later ({@link #openRtcp}).
 */
public final class RelayPorts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayPorts.class);
    /** An Ethernet-MTU datagram fits; anything larger is not voice. */
    private static final int RECEIVE_BUFFER = 2048;

    private final InetAddress bindAddress;
    private final PortPairAllocator pairs;
    private final EventLoopGroup loops;
    private final boolean epoll = Epoll.isAvailable();
    private final AtomicInteger openSockets = new AtomicInteger();
    private final AtomicLong rtcpBindFailures = new AtomicLong();

    public RelayPorts(InetAddress bindAddress, int portMin, int portMax, int eventLoops) {
        this.bindAddress = bindAddress;
        this.pairs = new PortPairAllocator(portMin, portMax);
        this.loops = new MultiThreadIoEventLoopGroup(eventLoops, new DefaultThreadFactory("media-relay", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    public boolean epoll() {
        return epoll;
    }

    public int capacityPairs() {
        return pairs.capacity();
    }

    public int pairsInUse() {
        return pairs.inUse();
    }

    /** Relay sockets (file descriptors) open now: 2 a call with rtcp-mux on both legs, 4 without. */
    public int openSockets() {
        return openSockets.get();
    }

    /** RTCP ports a leg needed later but another process held: that leg relays no RTCP. */
    public long rtcpBindFailures() {
        return rtcpBindFailures.get();
    }

    /** Both legs of a session go on the loop returned here, so forwarding never crosses threads. */
    public EventLoop nextLoop() {
        return loops.next();
    }

    /**
     * Reserves a free pair and binds the leg's RTP channel on {@code loop}, and its RTCP channel too
     * when {@code withRtcp} (the leg is already known not to multiplex RTCP); pairs another process
     * holds are skipped. Control path only (blocks until bound); null when none is left.
     */
    RelayLeg openLeg(int side, EventLoop loop, boolean withRtcp) {
        return pairs.bindFree(port -> {
            RelayLeg leg = new RelayLeg(side, port, loop);
            try {
                leg.rtp = bind(loop, port, new LegHandler(leg, false));
                if (withRtcp) {
                    leg.rtcp = bind(loop, port + 1, new LegHandler(leg, true));
                }
                return leg;
            } catch (Exception e) {
                closeChannels(leg);
                throw e;
            }
        });
    }

    /**
     * Binds the RTCP port (port+1 of its pair, reserved with it) of a leg that turned out to need
     * it: its endpoint did not accept rtcp-mux, or stopped using it. Control path only. The port was
     * already named in SDP, so another pair is no option: when another process holds it, the leg
     * relays RTP without RTCP and this is logged and counted.
     *
     * @return whether the leg has an RTCP socket now
     */
    boolean openRtcp(RelayLeg leg) {
        if (leg.rtcp != null) {
            return true;
        }
        try {
            leg.rtcp = bind(leg.loop, leg.port + 1, new LegHandler(leg, true));
            return true;
        } catch (Exception e) {
            rtcpBindFailures.incrementAndGet();
            LOG.warn("RTCP port {} (pair of {}) not bindable, the leg relays no RTCP: {}", leg.port + 1, leg.port, e.toString());
            return false;
        }
    }

    private Channel bind(EventLoop loop, int port, LegHandler handler) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(loop)
                .channelFactory((io.netty.channel.ChannelFactory<DatagramChannel>) () -> epoll
                        ? new EpollDatagramChannel(SocketProtocolFamily.INET)
                        : new NioDatagramChannel(SocketProtocolFamily.INET))
                // One datagram per wake-up is what the socket holds anyway (docs/ARCHITECTURE.md: recvmmsg cost more).
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER).maxMessagesPerRead(1))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .option(ChannelOption.SO_RCVBUF, 256 * 1024)
                // Stay active after disconnect(): a leg handed over in a transfer disconnects from the
                // old far end and must still send to the new one before it latches.
                .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
                .handler(handler);
        ChannelFuture f = b.bind(new InetSocketAddress(bindAddress, port)).await();
        if (!f.isSuccess()) {
            // Netty leaves a channel that failed to bind open: close it, or its descriptor leaks.
            f.channel().close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            throw new IllegalStateException("bind " + port + ": " + f.cause(), f.cause());
        }
        openSockets.incrementAndGet();
        return f.channel();
    }

    /** Closes the leg's channels and frees its pair once they are closed. */
    void closeLeg(RelayLeg leg) {
        closeChannels(leg);
        pairs.release(leg.port);
    }

    private void closeChannels(RelayLeg leg) {
        leg.close();
        for (Channel c : new Channel[] {leg.rtp, leg.rtcp}) {
            if (c != null) {
                c.closeFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
                openSockets.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
