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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ng client signaling uses to drive media servers. One bound UDP socket shared by every caller;
 * each command gets a fresh cookie, is sent, retransmitted once halfway through the timeout if no
 * reply came, and the reply is matched by cookie. Nothing waits on a thread: the retransmission and
 * the timeout are tasks on the client's one timer thread, so {@link #send} returns at once (a SIP
 * worker or a call's lock must never wait for a media node). Thread-safe.
 *
 * <p>Futures complete on the client's receive thread (a reply) or its timer thread (silence, as
 * {@link NgTimeoutException}): a continuation that takes locks or does real work moves to its own
 * executor with the {@code ...Async(fn, executor)} methods, so one slow continuation cannot delay
 * every other reply.
 *
 * <pre>{@code
 * NgClient ng = new NgClient(Duration.ofMillis(500));
 * ng.send(media, NgCommand.offer(cid, ft, sdp).build()).thenAcceptAsync(reply -> ..., executor);
 * Map<String, Object> r = ng.call(media, Map.of("command", "ping"));   // blocking, for tools and tests
 * }</pre>
 */
public final class NgClient implements NgSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NgClient.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramChannel channel;
    private final Duration timeout;
    private final String cookiePrefix = Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffL, 36) + "_";
    private final AtomicLong counter = new AtomicLong();
    private final ConcurrentHashMap<String, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final Thread receiver;
    private final ScheduledThreadPoolExecutor timer;
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
        this.channel = DatagramChannel.open(java.net.StandardProtocolFamily.INET);
        // Replies of a burst queue while the receiver thread waits for a core (the kernel caps this at rmem_max).
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.bind(bind);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ng-client-timer");
            t.setDaemon(true);
            return t;
        });
        // Most commands are answered long before their timer: drop cancelled tasks at once.
        timer.setRemoveOnCancelPolicy(true);
        this.receiver = new Thread(this::receive, "ng-client-rx");
        receiver.setDaemon(true);
        receiver.start();
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Sends a typed command; never blocks. An error reply is a normal {@link NgReply}, not an exception. */
    @Override
    public CompletableFuture<NgReply> send(InetSocketAddress server, NgCommand command) {
        return request(server, command.toDictionary(), timeout).thenApply(NgReply::from);
    }

    /**
     * Sends a command dictionary and returns at once with its reply to come; silence for
     * {@code timeout} (one retransmission included) completes it with {@link NgTimeoutException}.
     */
    public CompletableFuture<Map<String, Object>> request(InetSocketAddress server, Map<String, Object> command,
                                                          Duration timeout) {
        String cookie = cookiePrefix + counter.incrementAndGet();
        ByteBuffer datagram = ByteBuffer.wrap(new NgMessage(cookie, new LinkedHashMap<>(command)).encode());
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(cookie, reply);
        reply.whenComplete((r, e) -> pending.remove(cookie));
        long half = Math.max(1, timeout.toNanos() / 2);
        Object name = command.get("command");
        try {
            after(reply, half, () -> {
                // Same cookie: the server answers a retransmission from its reply cache without re-executing.
                send(datagram.duplicate(), server);
                after(reply, timeout.toNanos() - half, () -> reply.completeExceptionally(new NgTimeoutException(
                        "no reply from media server " + server + " to '" + name + "' (cookie " + cookie + ") within "
                                + timeout.toMillis() + " ms, retransmitted once")));
            });
        } catch (RejectedExecutionException e) {
            reply.completeExceptionally(closedException());
            return reply;
        }
        if (closed) {
            // close() may have swept the pending requests just before this one was added.
            reply.completeExceptionally(closedException());
            return reply;
        }
        send(datagram.duplicate(), server);
        return reply;
    }

    /** Runs {@code task} on the timer after {@code nanos} unless {@code reply} is complete by then. */
    private void after(CompletableFuture<?> reply, long nanos, Runnable task) {
        ScheduledFuture<?> scheduled = timer.schedule(() -> {
            if (!reply.isDone()) {
                task.run();
            }
        }, nanos, TimeUnit.NANOSECONDS);
        reply.whenComplete((r, e) -> scheduled.cancel(false));
    }

    /** Sends a command and waits for the reply dictionary ({@code result} is ok, pong or error). */
    public Map<String, Object> call(InetSocketAddress server, Map<String, Object> command) {
        return call(server, command, timeout);
    }

    /** Blocking form of {@link #request}, for tools and tests: the caller's thread waits. */
    public Map<String, Object> call(InetSocketAddress server, Map<String, Object> command, Duration timeout) {
        CompletableFuture<Map<String, Object>> reply = request(server, command, timeout);
        try {
            return reply.get();
        } catch (InterruptedException e) {
            reply.cancel(false);
            Thread.currentThread().interrupt();
            throw new NgTimeoutException("interrupted while waiting for " + server);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new NgTimeoutException("ng request to " + server + " failed: " + e.getCause());
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

    private static NgTimeoutException closedException() {
        return new NgTimeoutException("ng client closed before the media server replied");
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
        timer.shutdownNow();
        pending.values().forEach(f -> f.completeExceptionally(closedException()));
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
