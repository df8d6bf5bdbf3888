package io.switchboard.common.sip;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP over UDP and TCP on Netty with our server transaction layer (RFC 3261 §17.2, §18; RFC 3581).
 * Native epoll on Linux: one SO_REUSEPORT datagram socket per event loop (min(2, cores) loops),
 * else NIO with one datagram socket. Requests are parsed and matched on the loop that read them;
 * new transactions go to a bounded worker pool that calls the {@link SipRequestHandler}.
 * This class only assembles and owns the parts; the path itself is {@link SipReceiver}.
 */
public final class SipTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipTransport.class);
    private static final int BIND_ATTEMPTS = 10;
    private static final long TICK_MILLIS = 100;

    private final EventLoopGroup loops;
    private final ThreadPoolExecutor workers;
    private final SipReceiver receiver;
    private final SipTransportMeters meters;
    private final MeterRegistry registry;
    private final TcpConnections connections = new TcpConnections();
    private final List<Channel> datagrams = new ArrayList<>();
    private final boolean epoll = Epoll.isAvailable();
    private Channel tcpServer;
    private ScheduledFuture<?> tick;
    private int udpPort;
    private int tcpPort;

    private SipTransport(SipTransportSettings settings, SipRequestHandler handler, SipMessages messages,
                         MeterRegistry registry) {
        int loopCount = Math.min(2, Runtime.getRuntime().availableProcessors());
        this.loops = new MultiThreadIoEventLoopGroup(loopCount, new DefaultThreadFactory("sip-io", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()), new DefaultThreadFactory("sip-worker", true));
        this.registry = registry;
        this.meters = new SipTransportMeters();
        ServerTransactionTable table = new ServerTransactionTable(SipTimers.of(settings.t1Millis()));
        this.receiver = new SipReceiver(settings, table, workers, handler, messages, meters);
        meters.bind(registry, workers, table);
        tick = loops.next().scheduleAtFixedRate(() -> table.expire(System.nanoTime()),
                TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Binds the sockets and starts the loops and workers; throws if the port cannot be bound. */
    public static SipTransport start(SipTransportSettings settings, SipRequestHandler handler, SipMessages messages,
                                     MeterRegistry metrics) {
        SipTransport transport = new SipTransport(settings, handler, messages, metrics);
        try {
            transport.bind(settings);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        log.info("SIP listening on {} udp={} tcp={} ({})", settings.bindAddress(), transport.udpPort,
                transport.tcpPort, transport.epoll ? "epoll" : "nio");
        return transport;
    }

    /** The bound UDP port, or 0 without UDP. */
    public int udpPort() {
        return udpPort;
    }

    /** The bound TCP port, or 0 without TCP. */
    public int tcpPort() {
        return tcpPort;
    }

    /**
     * Sends a response outside any transaction (stateless, RFC 3261 §8.2.7): over UDP from our SIP
     * port to the top Via's rport or sent-by port at the flow's source IP, over TCP on the flow's
     * connection if it is still open. Thread-safe.
     */
    public void send(Response response, Flow flow) {
        Channel channel = flow.transport().reliable() ? connections.find(flow.remote())
                : datagrams.isEmpty() ? null : datagrams.get(0);
        if (channel == null) {
            log.debug("no {} socket for {}: {} not sent", flow.transport(), flow.remote(), response.getStatusCode());
            return;
        }
        receiver.sendStateless(response, flow, channel);
    }

    /** Closes the sockets (ports are free when this returns), then the loops and the workers. */
    @Override
    public void close() {
        if (tick != null) {
            tick.cancel(false);
        }
        datagrams.forEach(channel -> channel.close().syncUninterruptibly());
        if (tcpServer != null) {
            tcpServer.close().syncUninterruptibly();
        }
        workers.shutdown();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        meters.unbind(registry);
    }

    /** Same port for UDP and TCP; with port 0, UDP picks it and TCP retries if that number is taken. */
    private void bind(SipTransportSettings settings) {
        for (int attempt = 1; ; attempt++) {
            int port = settings.port();
            if (settings.udp()) {
                port = bindUdp(settings, port);
            }
            if (!settings.tcp()) {
                return;
            }
            try {
                tcpServer = tcpBootstrap(settings).bind(settings.bindAddress(), port).syncUninterruptibly().channel();
                tcpPort = ((InetSocketAddress) tcpServer.localAddress()).getPort();
                return;
            } catch (RuntimeException e) {
                if (settings.port() != 0 || !settings.udp() || attempt == BIND_ATTEMPTS) {
                    throw new IllegalStateException("cannot bind TCP " + settings.bindAddress() + ':' + port, e);
                }
                log.debug("TCP port {} taken, picking another UDP port", port);
                datagrams.forEach(channel -> channel.close().syncUninterruptibly());
                datagrams.clear();
            }
        }
    }

    private int bindUdp(SipTransportSettings settings, int port) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loops)
                .channelFactory((io.netty.channel.ChannelFactory<DatagramChannel>) () -> epoll
                        ? new EpollDatagramChannel(SocketProtocolFamily.INET)
                        : new NioDatagramChannel(SocketProtocolFamily.INET))
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(SipTransportSettings.MAX_DATAGRAM))
                .option(ChannelOption.SO_RCVBUF, settings.socketBufferBytes())
                .option(ChannelOption.SO_SNDBUF, settings.socketBufferBytes())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel channel) {
                        channel.pipeline().addLast(new SipDatagramHandler(receiver, meters, settings.maxMessageBytes()));
                    }
                });
        int sockets = 1;
        if (epoll) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
            sockets = Math.min(2, Runtime.getRuntime().availableProcessors());
        }
        for (int i = 0; i < sockets; i++) {
            Channel channel = bootstrap.bind(settings.bindAddress(), port).syncUninterruptibly().channel();
            datagrams.add(channel);
            port = ((InetSocketAddress) channel.localAddress()).getPort();
        }
        udpPort = port;
        return port;
    }

    private ServerBootstrap tcpBootstrap(SipTransportSettings settings) {
        return new ServerBootstrap()
                .group(loops)
                .channelFactory((io.netty.channel.ChannelFactory<ServerSocketChannel>) () -> epoll
                        ? new EpollServerSocketChannel(SocketProtocolFamily.INET)
                        : new NioServerSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.INET))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_RCVBUF, settings.socketBufferBytes())
                .childOption(ChannelOption.SO_SNDBUF, settings.socketBufferBytes())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(new SipStreamFramer(meters, settings.maxMessageBytes()))
                                .addLast(new SipStreamHandler(receiver, connections));
                    }
                });
    }
}
