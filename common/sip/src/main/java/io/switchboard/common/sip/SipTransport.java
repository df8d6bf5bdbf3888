package io.switchboard.common.sip;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP over UDP and TCP on Netty with our transaction layer (RFC 3261 §17, §18; RFC 3581, RFC 6026):
 * server transactions for the {@link SipRequestHandler}, client transactions from {@link #send(Request,
 * InetSocketAddress, SipTransportKind, ClientTransactionUser)}.
 * Native epoll on Linux: one SO_REUSEPORT datagram socket per event loop (min(2, cores) loops),
 * else NIO with one datagram socket. Requests are parsed and matched on the loop that read them;
 * new transactions go to a bounded worker pool that calls the {@link SipRequestHandler}.
 * This class only assembles and owns the parts; the inbound path is {@link SipReceiver}, the
 * outbound one {@link Outbound}, client transactions live in {@link ClientTransactions}.
 */
public final class SipTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipTransport.class);
    private static final int BIND_ATTEMPTS = 10;
    private static final long TICK_MILLIS = 100;

    private final EventLoopGroup loops;
    private final ThreadPoolExecutor workers;
    private final SipReceiver receiver;
    /** The event loops as Call-ID shards, for a TU that asked to run on them; else null. */
    private final CallIdShards shards;
    private final SipTransportMeters meters;
    private final MeterRegistry registry;
    private final TcpConnections connections = new TcpConnections();
    private final ClientTransactions clients;
    private final Outbound outbound;
    private final ViaAddress viaAddress;
    private final int connectTimeoutMillis;
    private final int maxMessageBytes;
    private final SipTransportSettings.StreamLimits streams;
    private final StreamAdmission.Counts streamCounts = new StreamAdmission.Counts();
    private final LogLimiter refusedLog = LogLimiter.everyTenSeconds();
    private final List<Channel> datagrams = new ArrayList<>();
    private final boolean epoll = Epoll.isAvailable();
    private Channel tcpServer;
    private ScheduledFuture<?> tick;
    private int udpPort;
    private int tcpPort;
    /** SIP over TLS, when configured: its settings, contexts (reloaded on change) and listener. */
    private final SipTls tlsSettings;
    private final TlsContexts tls;
    private final java.util.concurrent.ScheduledExecutorService tlsReload;
    private Channel tlsServer;
    private int tlsPort;
    private final SipWebSockets webSockets;
    private Channel wsServer;
    private Channel wssServer;
    private int wsPort;
    private int wssPort;

    private SipTransport(SipTransportSettings settings, SipTls tlsSettings, SipWebSockets webSockets, SipRequestHandler handler,
                         SipMessages messages, MeterRegistry registry) {
        if (webSockets.securePort().isPresent() && tlsSettings == null) {
            throw new IllegalArgumentException("a secure WebSocket port needs TLS (a certificate)");
        }
        this.webSockets = webSockets;
        this.tlsSettings = tlsSettings;
        // First: a certificate that cannot be used fails start-up before any thread or socket exists.
        this.tls = tlsSettings == null ? null : TlsContexts.load(tlsSettings);
        this.tlsReload = tls == null ? null : java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory("sip-tls-reload", true));
        int loopCount = Math.min(2, Runtime.getRuntime().availableProcessors());
        this.loops = new MultiThreadIoEventLoopGroup(loopCount, new DefaultThreadFactory("sip-io", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()), new DefaultThreadFactory("sip-worker", true));
        this.registry = registry;
        this.meters = new SipTransportMeters();
        SipTimers timers = SipTimers.of(settings.t1Millis());
        ServerTransactionTable table = new ServerTransactionTable(timers);
        this.viaAddress = new ViaAddress(settings);
        this.connectTimeoutMillis = (int) Math.min(timers.lifetimeMillis(), 32_000);
        this.maxMessageBytes = settings.maxMessageBytes();
        this.streams = settings.streams();
        this.outbound = new Outbound(() -> datagrams.isEmpty() ? null : datagrams.get(0), connections, this::connect);
        this.shards = handler.onShards() ? new CallIdShards(loops) : null;
        this.clients = new ClientTransactions(timers, outbound, messages, workers, loops, shards, viaAddress::hostFor,
                this::port);
        if (tls != null) {
            // A renewed certificate is picked up without a restart; open connections keep theirs.
            tlsReload.scheduleWithFixedDelay(tls::reloadIfChanged, 5, 5, TimeUnit.SECONDS);
        }
        this.receiver = new SipReceiver(settings, table, clients, workers, shards, handler, messages, meters);
        meters.bind(registry, workers, table);
        meters.bindClients(registry, clients);
        tick = loops.next().scheduleAtFixedRate(() -> table.expire(System.nanoTime()),
                TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Binds the sockets and starts the loops and workers; throws if the port cannot be bound. */
    public static SipTransport start(SipTransportSettings settings, SipRequestHandler handler, SipMessages messages,
                                     MeterRegistry metrics) {
        return start(settings, java.util.Optional.empty(), handler, messages, metrics);
    }

    /**
     * As {@link #start(SipTransportSettings, SipRequestHandler, SipMessages, MeterRegistry)}, with a SIP
     * over TLS listener when {@code tls} is present; throws {@link IllegalArgumentException} naming the
     * file when its certificate or key cannot be used.
     */
    public static SipTransport start(SipTransportSettings settings, java.util.Optional<SipTls> tls, SipRequestHandler handler,
                                     SipMessages messages, MeterRegistry metrics) {
        return start(settings, tls, SipWebSockets.NONE, handler, messages, metrics);
    }

    /** As above, with SIP over WebSocket listeners ({@code ws}, {@code wss}) when {@code webSockets} names them. */
    public static SipTransport start(SipTransportSettings settings, java.util.Optional<SipTls> tls, SipWebSockets webSockets,
                                     SipRequestHandler handler, SipMessages messages, MeterRegistry metrics) {
        SipTransport transport = new SipTransport(settings, tls.orElse(null), webSockets, handler, messages, metrics);
        try {
            transport.bind(settings);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        log.info("SIP listening on {} udp={} tcp={} tls={} ws={} wss={} ({})", settings.bindAddress(), transport.udpPort,
                transport.tcpPort, transport.tlsPort, transport.wsPort, transport.wssPort, transport.epoll ? "epoll" : "nio");
        return transport;
    }

    /**
     * The event loops as Call-ID shards, where a TU that asked for them ({@link SipRequestHandler#onShards})
     * runs; it schedules its own timers and continuations there too.
     *
     * @throws IllegalStateException when the handler runs on workers
     */
    public CallIdShards shards() {
        if (shards == null) {
            throw new IllegalStateException("this transport's handler runs on workers, not on Call-ID shards");
        }
        return shards;
    }

    /**
     * A UDP socket on 127.0.0.1 (an ephemeral port) with the same pipeline as the SIP sockets, for the
     * start-up warm-up when SIP is bound to an address that is not on this host yet (the HA standby
     * bound to the virtual IP): requests sent to the virtual IP would leave the host and warm the
     * active instead. Closed by the caller once the warm-up is done.
     */
    public Channel openLoopbackUdp() {
        return udpBootstrap(maxMessageBytes).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    /** A UDP socket of the SIP pipeline on these event loops (the SIP sockets and the warm-up's). */
    private Bootstrap udpBootstrap(int maxMessage) {
        return new Bootstrap()
                .group(loops)
                .channelFactory((io.netty.channel.ChannelFactory<DatagramChannel>) () -> epoll
                        ? new EpollDatagramChannel(SocketProtocolFamily.INET)
                        : new NioDatagramChannel(SocketProtocolFamily.INET))
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(SipTransportSettings.MAX_DATAGRAM))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel channel) {
                        channel.pipeline().addLast(new SipDatagramHandler(receiver, meters, maxMessage));
                    }
                });
    }

    /** The bound UDP port, or 0 without UDP. */
    public int udpPort() {
        return udpPort;
    }

    /** The bound TCP port, or 0 without TCP. */
    public int tcpPort() {
        return tcpPort;
    }

    /** Accepted TCP and TLS connections open now (for the admin API and tests). */
    public int openStreams() {
        return streamCounts.total();
    }

    /** The bound TLS port, or 0 without TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The listening port we advertise in our Via: the UDP port, else the TCP port. */
    public int port() {
        return udpPort > 0 ? udpPort : tcpPort;
    }

    /** The port of our Via and Contact over {@code transport}: TLS and WebSocket have their own; TCP shares UDP's number. */
    public int port(SipTransportKind transport) {
        return switch (transport) {
            case TLS -> tlsPort;
            case WS -> wsPort;
            case WSS -> wssPort;
            default -> port();
        };
    }

    /** The bound plain WebSocket port, or 0 without it. */
    public int wsPort() {
        return wsPort;
    }

    /** The bound secure WebSocket port, or 0 without it. */
    public int wssPort() {
        return wssPort;
    }

    /**
     * The host of our Via and Contact towards {@code destination}: the configured advertised address,
     * else the bind address if specific; only with a 0.0.0.0 bind 127.0.0.1 for a loopback destination,
     * else the host's first site-local IPv4 (else 127.0.0.1). See {@link ViaAddress}.
     */
    public String viaHost(InetSocketAddress destination) {
        return viaAddress.hostFor(destination);
    }

    /**
     * Sends {@code request} in a new client transaction (RFC 3261 §17.1): a copy gets our top Via
     * ({@code SIP/2.0/UDP|TCP viaHost:port;branch=z9hG4bK...;rport}); over UDP it leaves from the
     * listening socket, over TCP on an open connection to {@code destination} or a new one.
     * The request must not carry a Via of ours; ACK and CANCEL are refused (see {@link #sendAck},
     * {@link ClientTransaction#cancel}). Thread-safe; {@code user} is called on worker threads.
     */
    public ClientTransaction send(Request request, InetSocketAddress destination, SipTransportKind transport,
                                  ClientTransactionUser user) {
        return clients.send(request, destination, transport, user);
    }

    /**
     * Sends the ACK for a 2xx (RFC 3261 §13.2.2.4): stateless, its own transaction with a new branch.
     * Our Via is added to {@code ack} unless it already has one of ours, so the same object passed
     * again for a resent 2xx goes out identical. Failures are logged only.
     */
    public void sendAck(Request ack, InetSocketAddress destination, SipTransportKind transport) {
        clients.sendAck(ack, destination, transport);
    }

    /**
     * Sends a request as it is, without a transaction and without adding a Via (stateless forwarding,
     * RFC 3261 §16.11): the caller has put the Via it wants on top. Failures are logged only.
     */
    public void sendRequestStateless(Request request, InetSocketAddress destination, SipTransportKind transport) {
        Via top = ((SIPRequest) request).getTopmostVia();
        if (top == null) {
            throw new IllegalArgumentException("a request without Via cannot be sent");
        }
        // The RI writes the transport argument into the top Via; pass its own so nothing changes.
        byte[] bytes = ((SIPRequest) request).encodeAsBytes(top.getTransport());
        outbound.send(bytes, destination, transport, new Outbound.Listener() {
            @Override
            public void sent(Channel channel) {
            }

            @Override
            public void failed(String reason) {
                log.debug("{} to {} not sent: {}", request.getMethod(), destination, reason);
            }
        });
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
        if (tlsServer != null) {
            tlsServer.close().syncUninterruptibly();
        }
        for (Channel ws : new Channel[] {wsServer, wssServer}) {
            if (ws != null) {
                ws.close().syncUninterruptibly();
            }
        }
        if (tlsReload != null) {
            tlsReload.shutdownNow();
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

    private void bind(SipTransportSettings settings) {
        bindPlain(settings);
        if (tls != null) {
            try {
                tlsServer = tlsBootstrap(settings).bind(settings.bindAddress(), tlsSettings.port()).syncUninterruptibly().channel();
            } catch (Exception e) { // Netty rethrows the checked bind error undeclared
                throw io.switchboard.common.lifecycle.ListenError.of("SIP tls", settings.bindAddress(), tlsSettings.port(), e);
            }
            tlsPort = ((InetSocketAddress) tlsServer.localAddress()).getPort();
        }
        if (webSockets.plainPort().isPresent()) {
            wsServer = bindWebSocket(settings, webSockets.plainPort().getAsInt(), SipTransportKind.WS);
            wsPort = ((InetSocketAddress) wsServer.localAddress()).getPort();
        }
        if (webSockets.securePort().isPresent()) {
            wssServer = bindWebSocket(settings, webSockets.securePort().getAsInt(), SipTransportKind.WSS);
            wssPort = ((InetSocketAddress) wssServer.localAddress()).getPort();
        }
    }

    private Channel bindWebSocket(SipTransportSettings settings, int port, SipTransportKind kind) {
        try {
            return tcpBootstrap(settings).childHandler(webSocketPipeline(settings.maxMessageBytes(), kind))
                    .bind(settings.bindAddress(), port).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the checked bind error undeclared
            throw io.switchboard.common.lifecycle.ListenError.of("SIP " + kind.name().toLowerCase(java.util.Locale.ROOT),
                    settings.bindAddress(), port, e);
        }
    }

    /**
     * RFC 7118: admission and (wss) TLS as for TCP/TLS, then the HTTP upgrade asking for the {@code sip}
     * subprotocol, then one SIP message per WebSocket message. The upgrade must come within the
     * stream read timeout; messages are bounded by maxMessageBytes.
     */
    private ChannelInitializer<SocketChannel> webSocketPipeline(int maxMessageBytes, SipTransportKind kind) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new StreamAdmission(streamCounts, streams, meters, refusedLog));
                if (kind == SipTransportKind.WSS) {
                    io.netty.handler.ssl.SslHandler ssl = tls.server().newHandler(channel.alloc());
                    ssl.setHandshakeTimeoutMillis(tlsSettings.handshakeTimeout().toMillis());
                    channel.pipeline().addLast(ssl);
                }
                channel.pipeline()
                        .addLast(new io.netty.handler.timeout.ReadTimeoutHandler(streams.readTimeout().toMillis(),
                                TimeUnit.MILLISECONDS) {
                            @Override
                            protected void readTimedOut(io.netty.channel.ChannelHandlerContext ctx) {
                                // Only until the upgrade: a browser phone may stay quiet between messages.
                                ctx.close();
                            }
                        })
                        .addLast(new io.netty.handler.codec.http.HttpServerCodec(4096, 8192, 8192))
                        .addLast(new io.netty.handler.codec.http.HttpObjectAggregator(8192))
                        .addLast(new SipWebSocketHandler.RequireSipSubprotocol())
                        .addLast(new io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler(
                                io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/").checkStartsWith(true).subprotocols("sip")
                                        .maxFramePayloadLength(maxMessageBytes)
                                        .handshakeTimeoutMillis(streams.readTimeout().toMillis()).build()))
                        .addLast(new SipWebSocketHandler.Framer())
                        .addLast(new SipWebSocketHandler(receiver, connections, kind));
            }
        };
    }

    /** Same port for UDP and TCP; with port 0, UDP picks it and TCP retries if that number is taken. */
    private void bindPlain(SipTransportSettings settings) {
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
            } catch (Exception e) { // Netty rethrows the checked bind error undeclared
                if (settings.port() != 0 || !settings.udp() || attempt == BIND_ATTEMPTS) {
                    throw io.switchboard.common.lifecycle.ListenError.of("SIP tcp", settings.bindAddress(), port, e);
                }
                log.debug("TCP port {} taken, picking another UDP port", port);
                datagrams.forEach(channel -> channel.close().syncUninterruptibly());
                datagrams.clear();
            }
        }
    }

    private int bindUdp(SipTransportSettings settings, int port) {
        Bootstrap bootstrap = udpBootstrap(settings.maxMessageBytes())
                .option(ChannelOption.SO_RCVBUF, settings.socketBufferBytes())
                .option(ChannelOption.SO_SNDBUF, settings.socketBufferBytes());
        int sockets = 1;
        if (epoll) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
            sockets = Math.min(2, Runtime.getRuntime().availableProcessors());
        }
        for (int i = 0; i < sockets; i++) {
            Channel channel;
            try {
                channel = bootstrap.bind(settings.bindAddress(), port).syncUninterruptibly().channel();
            } catch (Exception e) { // Netty rethrows the checked bind error undeclared
                throw io.switchboard.common.lifecycle.ListenError.of("SIP udp", settings.bindAddress(), port, e);
            }
            datagrams.add(channel);
            port = ((InetSocketAddress) channel.localAddress()).getPort();
        }
        udpPort = port;
        return port;
    }

    /**
     * An outbound TCP or TLS connection with the same pipeline as accepted ones (responses and requests
     * both arrive on it). TLS needs the listener's configuration (its certificate is our client one).
     */
    private ChannelFuture connect(InetSocketAddress remote, SipTransportKind kind) {
        if (kind == SipTransportKind.TLS && tls == null) {
            throw new IllegalStateException("no TLS configured (sip.tls.certificate)");
        }
        if (kind == SipTransportKind.WS || kind == SipTransportKind.WSS) {
            // A browser phone is reached only down the connection it opened (RFC 7118 §5.3).
            throw new IllegalStateException("no open WebSocket connection to " + remote);
        }
        return new Bootstrap()
                .group(loops)
                .channelFactory((io.netty.channel.ChannelFactory<SocketChannel>) () -> epoll
                        ? new EpollSocketChannel()
                        : new NioSocketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(streamPipeline(maxMessageBytes, kind, remote))
                .connect(remote);
    }

    /**
     * Framing and the receiver; over TLS the handshake first, with the current context (a reloaded
     * certificate serves the connections accepted after it). {@code remote}: the peer of a connection
     * we open (its name for SNI), null for accepted ones.
     */
    private ChannelInitializer<SocketChannel> streamPipeline(int maxMessageBytes, SipTransportKind kind, InetSocketAddress remote) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                if (remote == null) {
                    channel.pipeline().addLast(new StreamAdmission(streamCounts, streams, meters, refusedLog));
                }
                if (kind == SipTransportKind.TLS) {
                    io.netty.handler.ssl.SslHandler ssl = remote == null ? tls.server().newHandler(channel.alloc())
                            : tls.client().newHandler(channel.alloc(), remote.getHostString(), remote.getPort());
                    ssl.setHandshakeTimeoutMillis(tlsSettings.handshakeTimeout().toMillis());
                    channel.pipeline().addLast(ssl);
                }
                channel.pipeline()
                        .addLast(new SipStreamFramer(meters, maxMessageBytes, streams.readTimeout()))
                        .addLast(new SipStreamHandler(receiver, connections, kind));
            }
        };
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
                .childHandler(streamPipeline(settings.maxMessageBytes(), SipTransportKind.TCP, null));
    }

    private ServerBootstrap tlsBootstrap(SipTransportSettings settings) {
        return tcpBootstrap(settings).childHandler(streamPipeline(settings.maxMessageBytes(), SipTransportKind.TLS, null));
    }
}
