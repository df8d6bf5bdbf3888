package io.switchboard.common.rtp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Owns a worker's media I/O: the event loops (epoll, NIO where epoll is missing), one
 * {@link MediaClock} per loop, and the sockets on the even/odd port pairs of the configured range
 * ({@link PortPairAllocator}: RTP on the even port, RTCP on the next, round-robin). One per process;
 * {@link #open()} is the control path: it blocks until bound, so it must not be called from one of
 * these event loops.
 */
public final class RtpEndpoints implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 2048;

    private final InetAddress bindAddress;
    private final PortPairAllocator ports;
    private final EventLoopGroup loops;
    private final Map<EventExecutor, MediaClock> clocks = new HashMap<>();
    private final EventLoop[] clockLoops;
    private final boolean epoll = Epoll.isAvailable();

    public RtpEndpoints(InetAddress bindAddress, int portMin, int portMax, int eventLoops) {
        this.bindAddress = bindAddress;
        this.ports = new PortPairAllocator(portMin, portMax);
        this.loops = new MultiThreadIoEventLoopGroup(eventLoops, new DefaultThreadFactory("rtp-endpoint", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        java.util.List<EventLoop> all = new java.util.ArrayList<>();
        for (EventExecutor e : loops) {
            MediaClock clock = new MediaClock((EventLoop) e);
            clocks.put(e, clock);
            all.add((EventLoop) e);
            clock.start();
        }
        clockLoops = all.toArray(EventLoop[]::new);
    }

    public boolean epoll() {
        return epoll;
    }

    public int inUse() {
        return ports.inUse();
    }

    /** Binds a new endpoint on a free port pair; it sends nothing until {@link RtpEndpoint#start}. Null when the range is exhausted. */
    public RtpEndpoint open() {
        return open(loops.next());
    }

    /**
     * As {@link #open()}, on the loop that {@code affinity} picks: endpoints opened with equal keys
     * (a conference room's number) share one loop, so their frames meet on one thread without a lock.
     */
    public RtpEndpoint open(Object affinity) {
        return open(loopOf(affinity));
    }

    private EventLoop loopOf(Object affinity) {
        int i = Math.floorMod(affinity.hashCode(), clockLoops.length);
        return clockLoops[i];
    }

    private RtpEndpoint open(EventLoop loop) {
        return ports.bindFree(port -> {
            RtpEndpoint endpoint = new RtpEndpoint(this, clocks.get(loop), port);
            Channel rtp = bind(loop, port, endpoint.rtpHandler());
            Channel rtcp;
            try {
                rtcp = bind(loop, port + 1, endpoint.rtcpHandler());
            } catch (IllegalStateException e) {
                rtp.close();
                throw e;
            }
            endpoint.bound(rtp, rtcp, new InetSocketAddress(bindAddress, port));
            return endpoint;
        });
    }

    private Channel bind(EventLoop loop, int port, ChannelHandler handler) {
        Bootstrap b = new Bootstrap().group(loop)
                .channelFactory((io.netty.channel.ChannelFactory<DatagramChannel>) () -> epoll
                        ? new EpollDatagramChannel(SocketProtocolFamily.INET)
                        : new NioDatagramChannel(SocketProtocolFamily.INET))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER).maxMessagesPerRead(4))
                .handler(handler);
        ChannelFuture f = b.bind(new InetSocketAddress(bindAddress, port)).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IllegalStateException("bind " + bindAddress.getHostAddress() + ":" + port + ": " + f.cause(), f.cause());
        }
        return f.channel();
    }

    void release(int port) {
        ports.release(port);
    }

    /** Endpoints ticking on all loops (read from any thread; approximate while calls start and end). */
    public int ticking() {
        return clocks.values().stream().mapToInt(MediaClock::size).sum();
    }

    /** Tick durations and pacing over every loop that had endpoints (a snapshot; see {@link TickStats}). */
    public TickStats tickStats() {
        TickStats total = new TickStats();
        clocks.values().forEach(c -> c.stats.addTo(total));
        return total;
    }

    @Override
    public void close() {
        clocks.values().forEach(MediaClock::stop);
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
