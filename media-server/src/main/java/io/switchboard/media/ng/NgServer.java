package io.switchboard.media.ng;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.common.ng.NgCommand;
import io.switchboard.common.ng.NgMessage;
import io.switchboard.common.ng.NgProtocolException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ng control socket (UDP, default port 2223). One thread reads, answers retransmissions from the
 * reply cache, decodes, executes and replies; commands are rare next to media, and one thread keeps
 * the cache and the order of a call's commands simple. Garbage is answered with an error when its
 * cookie is readable and dropped otherwise.
 */
public final class NgServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NgServer.class);
    static final long CACHE_TTL_MILLIS = 30_000;
    static final int CACHE_ENTRIES = 20_000;

    private final EventLoopGroup group;
    private final Channel channel;
    private final ReplyCache cache = new ReplyCache(CACHE_ENTRIES, CACHE_TTL_MILLIS);
    private volatile long commands;
    private volatile long retransmissions;
    private volatile long errors;
    private volatile long dropped;

    private final java.util.function.Predicate<java.net.InetAddress> admitted;
    private volatile long refused;

    public NgServer(InetSocketAddress bind, NgControl control) throws InterruptedException {
        this(bind, control, source -> true);
    }

    static final int SOCKET_BUFFER_BYTES = 4 << 20;

    /** @param admitted who may send commands (the signaling members); others are dropped without an answer */
    public NgServer(InetSocketAddress bind, NgControl control, java.util.function.Predicate<java.net.InetAddress> admitted)
            throws InterruptedException {
        this.admitted = admitted;
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("media-ng", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            channel = new Bootstrap().group(group)
                    .channelFactory((io.netty.channel.ChannelFactory<DatagramChannel>) () -> epoll
                            ? new EpollDatagramChannel(SocketProtocolFamily.INET)
                            : new NioDatagramChannel(SocketProtocolFamily.INET))
                    .option(io.netty.channel.ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.FixedRecvByteBufAllocator(65_535))
                    // A burst of offers while this thread waits on a bind must queue, not drop (the
                    // default 208 KiB holds about 60 offers; the kernel caps this at net.core.rmem_max).
                    .option(io.netty.channel.ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                    .handler(new Handler(control))
                    .bind(bind).sync().channel();
        } catch (InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        } catch (Exception e) { // Netty rethrows the checked bind error undeclared
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw io.switchboard.common.lifecycle.ListenError.of("ng control udp", bind.getAddress().getHostAddress(),
                    bind.getPort(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public long commands() {
        return commands;
    }

    public long retransmissions() {
        return retransmissions;
    }

    /** Commands dropped because their source is not a member of the cluster (or the allow-list). */
    public long refused() {
        return refused;
    }

    public long errors() {
        return errors;
    }

    private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final NgControl control;

        Handler(NgControl control) {
            this.control = control;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (!admitted.test(packet.sender().getAddress())) {
                refused++;
                return;
            }
            byte[] bytes = ByteBufUtil.getBytes(packet.content());
            String cookie = NgMessage.cookieOf(bytes, 0, bytes.length);
            if (cookie == null) {
                dropped++;
                return;
            }
            long now = System.nanoTime();
            byte[] reply = cache.get(cookie, now);
            if (reply != null) {
                retransmissions++;
            } else {
                reply = new NgMessage(cookie, execute(bytes)).encode();
                cache.put(cookie, reply, now);
            }
            ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(reply), packet.sender()));
        }

        private Map<String, Object> execute(byte[] bytes) {
            commands++;
            Map<String, Object> reply;
            try {
                reply = control.execute(NgCommand.from(NgMessage.decode(bytes).dict()));
            } catch (NgProtocolException e) {
                reply = NgControl.error(e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("ng command failed: {}", e.toString(), e);
                reply = NgControl.error("internal error: " + e.getMessage());
            }
            if ("error".equals(reply.get("result"))) {
                errors++;
            }
            return reply;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A reply to a vanished client (ICMP) must not close the control socket.
            LOG.debug("ng socket: {}", cause.toString());
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
