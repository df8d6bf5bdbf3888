package io.switchboard.common.ng;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ng client signaling uses to drive media servers. One unbound-then-bound UDP socket shared by
 * every caller; each command gets a fresh cookie, is sent, retransmitted once halfway through the
 * timeout if no reply came, and the reply is matched by cookie. Thread-safe.
 *
 * <pre>{@code
 * NgClient ng = new NgClient(Duration.ofMillis(500));
 * Map<String, Object> r = ng.call(media, Map.of("command", "offer", "call-id", cid, "from-tag", ft, "sdp", sdp));
 * }</pre>
 */
public final class NgClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NgClient.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramChannel channel;
    private final Duration timeout;
    private final String cookiePrefix = Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffL, 36) + "_";
    private final AtomicLong counter = new AtomicLong();
    private final ConcurrentHashMap<String, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final Thread receiver;
    private volatile boolean closed;

    public NgClient() throws IOException {
        this(DEFAULT_TIMEOUT);
    }

    public NgClient(Duration timeout) throws IOException {
        this(timeout, new InetSocketAddress(0));
    }

    public NgClient(Duration timeout, InetSocketAddress bind) throws IOException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        this.channel = DatagramChannel.open(java.net.StandardProtocolFamily.INET).bind(bind);
        this.receiver = new Thread(this::receive, "ng-client-rx");
        receiver.setDaemon(true);
        receiver.start();
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Sends a command and returns the reply dictionary ({@code result} is ok, pong or error). */
    public Map<String, Object> call(InetSocketAddress server, Map<String, Object> command) {
        return call(server, command, timeout);
    }

    public Map<String, Object> call(InetSocketAddress server, Map<String, Object> command, Duration timeout) {
        String cookie = cookiePrefix + counter.incrementAndGet();
        ByteBuffer datagram = ByteBuffer.wrap(new NgMessage(cookie, new LinkedHashMap<>(command)).encode());
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(cookie, reply);
        long half = Math.max(1, timeout.toNanos() / 2);
        try {
            send(datagram.duplicate(), server);
            try {
                return reply.get(half, TimeUnit.NANOSECONDS);
            } catch (TimeoutException first) {
                // Same cookie: the server answers a retransmission from its reply cache without re-executing.
                send(datagram.duplicate(), server);
                return reply.get(timeout.toNanos() - half, TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new NgTimeoutException("no reply from media server " + server + " to '" + command.get("command")
                    + "' (cookie " + cookie + ") within " + timeout.toMillis() + " ms, retransmitted once");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NgTimeoutException("interrupted while waiting for " + server);
        } catch (ExecutionException e) {
            throw new NgTimeoutException("ng client closed while waiting for " + server);
        } finally {
            pending.remove(cookie);
        }
    }

    /** Like {@link #call} but an error reply becomes an {@link NgProtocolException} with its reason. */
    public Map<String, Object> callOk(InetSocketAddress server, Map<String, Object> command) {
        Map<String, Object> reply = call(server, command);
        if ("error".equals(reply.get("result"))) {
            throw new NgProtocolException("media server " + server + " refused '" + command.get("command") + "': "
                    + reply.get("error-reason"));
        }
        return reply;
    }

    private void send(ByteBuffer datagram, SocketAddress server) {
        try {
            channel.send(datagram, server);
        } catch (IOException e) {
            // Treated like a lost datagram: the retransmission or the timeout reports it.
            LOG.debug("ng send to {} failed: {}", server, e.toString());
        }
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!closed) {
            try {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                if (from == null) {
                    continue;
                }
                buf.flip();
                byte[] bytes = new byte[buf.remaining()];
                buf.get(bytes);
                NgMessage reply;
                try {
                    reply = NgMessage.decode(bytes);
                } catch (NgProtocolException e) {
                    LOG.warn("unreadable ng reply from {}: {}", from, e.getMessage());
                    continue;
                }
                CompletableFuture<Map<String, Object>> f = pending.get(reply.cookie());
                if (f != null) {
                    f.complete(reply.dict());
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("ng receive failed: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing ng client: {}", e.toString());
        }
        pending.values().forEach(f -> f.completeExceptionally(new ClosedChannelException()));
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
