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
import io.netty.channel.epoll.EpollChannelOption;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns a worker's media I/O: the event loops (epoll, NIO where epoll is missing) and one
 * {@link MediaClock} per loop. An endpoint gets either its own even/odd port pair of the configured
 * range ({@link PortPairAllocator}: RTP on the even port, RTCP on the next, round-robin) or, with
 * {@code shared} on, its loop's one shared port pair (the first pairs of the range, one per loop):
 * then the peer is told apart by its address and a tick's packets leave in {@code sendmmsg} batches
 * and arrive in {@code recvmmsg} batches ({@link SharedPort}). One per process; {@link #open()} is
 * the control path: it blocks until bound, so it must not be called from one of these event loops.
 */
public final class RtpEndpoints implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 2048;
    /** Datagrams read per recvmmsg on a shared port. */
    private static final int SHARED_BATCH = 32;
    /** Socket buffers asked for on a shared port (the kernel caps them at net.core.rmem_max / wmem_max). */
    private static final int SHARED_SOCKET_BUFFER = 4 << 20;

    private final InetAddress bindAddress;
    private final PortPairAllocator ports;
    private final EventLoopGroup loops;
    private final Map<EventExecutor, MediaClock> clocks = new HashMap<>();
    private final Map<EventExecutor, SharedPort> sharedPorts = new HashMap<>();
    private final EventLoop[] clockLoops;
    private final boolean epoll = Epoll.isAvailable();
    private final AtomicInteger sharedInUse = new AtomicInteger();

    /** Each endpoint on a port pair of its own. */
    public RtpEndpoints(InetAddress bindAddress, int portMin, int portMax, int eventLoops) {
        this(bindAddress, portMin, portMax, eventLoops, false);
    }

    /**
     * @param shared the endpoints opened with {@link #open()} / {@link #open(Object)} share their
     *               loop's port pair, the range's first pairs (one per loop); the rest of the range is
     *               for {@link #openDedicated}
     */
    public RtpEndpoints(InetAddress bindAddress, int portMin, int portMax, int eventLoops, boolean shared) {
        this.bindAddress = bindAddress;
        int first = portMin % 2 == 0 ? portMin : portMin + 1;
        int reserved = shared ? 2 * eventLoops : 0;
        this.ports = new PortPairAllocator(first + reserved, portMax);
        this.loops = new MultiThreadIoEventLoopGroup(eventLoops, new DefaultThreadFactory("rtp-endpoint", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        List<EventLoop> all = new ArrayList<>();
        for (EventExecutor e : loops) {
            all.add((EventLoop) e);
        }
        clockLoops = all.toArray(EventLoop[]::new);
        try {
            for (int i = 0; i < clockLoops.length; i++) {
                EventLoop loop = clockLoops[i];
                Runnable flush = () -> { };
                if (shared) {
                    SharedPort port = bindShared(loop, first + 2 * i);
                    sharedPorts.put(loop, port);
                    flush = port::flush;
                }
                MediaClock clock = new MediaClock(loop, flush);
                clocks.put(loop, clock);
                clock.start();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public boolean epoll() {
        return epoll;
    }

    /** Whether {@link #open()} gives endpoints on the loops' shared ports. */
    public boolean shared() {
        return !sharedPorts.isEmpty();
    }

    /** The shared RTP ports, one per loop, for the banner (e.g. "34000" or "34000, 34002"). */
    public String sharedPorts() {
        return sharedPorts.values().stream().map(p -> Integer.toString(p.local().getPort())).sorted()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Endpoints open now: on shared ports and on port pairs of their own. */
    public int inUse() {
        return ports.inUse() + sharedInUse.get();
    }

    /** Binds a new endpoint; it sends nothing until {@link RtpEndpoint#start}. Null when the range is exhausted. */
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

    /**
     * An endpoint on a port pair of its own even when the loops share ports, on the loop that
     * {@code affinity} picks: for a peer that sends several streams from one address (another worker
     * node's shared port), which a shared port could not tell apart.
     */
    public RtpEndpoint openDedicated(Object affinity) {
        return openOwnPair(loopOf(affinity));
    }

    private EventLoop loopOf(Object affinity) {
        int i = Math.floorMod(affinity.hashCode(), clockLoops.length);
        return clockLoops[i];
    }

    private RtpEndpoint open(EventLoop loop) {
        SharedPort shared = sharedPorts.get(loop);
        if (shared == null) {
            return openOwnPair(loop);
        }
        RtpEndpoint endpoint = new RtpEndpoint(this, clocks.get(loop), shared.local().getPort());
        endpoint.bound(new SharedPath(shared, endpoint));
        sharedInUse.incrementAndGet();
        return endpoint;
    }

    private RtpEndpoint openOwnPair(EventLoop loop) {
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
            endpoint.bound(new DedicatedPath(rtp, rtcp, new InetSocketAddress(bindAddress, port)));
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
        return bound(b, port);
    }

    private SharedPort bindShared(EventLoop loop, int port) {
        SharedPort shared = new SharedPort(new InetSocketAddress(bindAddress, port));
        Channel[] channels = new Channel[2];
        for (int k = 0; k < 2; k++) {
            Bootstrap b = new Bootstrap().group(loop)
                    .channelFactory((io.netty.channel.ChannelFactory<DatagramChannel>) () -> epoll
                            ? new EpollDatagramChannel(SocketProtocolFamily.INET)
                            : new NioDatagramChannel(SocketProtocolFamily.INET))
                    .option(ChannelOption.SO_RCVBUF, SHARED_SOCKET_BUFFER)
                    .option(ChannelOption.SO_SNDBUF, SHARED_SOCKET_BUFFER)
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(RECEIVE_BUFFER * SHARED_BATCH).maxMessagesPerRead(SHARED_BATCH))
                    .handler(shared.handler(k == 1));
            if (epoll) {
                // recvmmsg: up to SHARED_BATCH datagrams of at most RECEIVE_BUFFER bytes per read.
                b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, RECEIVE_BUFFER);
            }
            try {
                channels[k] = bound(b, port + k);
            } catch (IllegalStateException e) {
                if (channels[0] != null) {
                    channels[0].close();
                }
                throw e;
            }
        }
        shared.attach(channels[0], channels[1]);
        return shared;
    }

    private Channel bound(Bootstrap b, int port) {
        ChannelFuture f = b.bind(new InetSocketAddress(bindAddress, port)).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IllegalStateException("bind " + bindAddress.getHostAddress() + ":" + port + ": " + f.cause(), f.cause());
        }
        return f.channel();
    }

    /** The endpoint's ports may be reused (its own pair), or it no longer counts (a shared port). */
    void release(RtpEndpoint endpoint) {
        if (sharedPorts.containsKey(endpoint.clockLoop())) {
            sharedInUse.decrementAndGet();
        } else {
            ports.release(endpoint.localPort());
        }
    }

    /** Endpoints ticking on all loops (read from any thread; approximate while calls start and end). */
    public int ticking() {
        return clocks.values().stream().mapToInt(MediaClock::size).sum();
    }

    /** Datagrams that reached a shared port from an address no endpoint expects (all loops; approximate). */
    public long strangers() {
        return sharedPorts.values().stream().mapToLong(p -> p.strangers).sum();
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
        sharedPorts.values().forEach(p -> {
            p.rtp().close();
            p.rtcp().close();
        });
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
