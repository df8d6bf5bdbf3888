package io.switchboard.common.ng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A scripted UDP peer stands in for the media server. */
class NgClientTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Long> receivedAt = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> commands = new CopyOnWriteArrayList<>();
    private DatagramChannel server;
    private Thread serverThread;

    private InetSocketAddress startServer(int dropFirst) throws Exception {
        return startServer(dropFirst, command -> {
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("result", "pong");
            reply.put("echo", command.get("command"));
            return reply;
        });
    }

    /** A fake media server on loopback: ignores the first {@code dropFirst} datagrams, answers the rest. */
    private InetSocketAddress startServer(int dropFirst, Function<Map<String, Object>, Map<String, Object>> answer) throws Exception {
        server = DatagramChannel.open(java.net.StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0));
        serverThread = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65535);
            int seen = 0;
            try {
                while (true) {
                    buf.clear();
                    var from = server.receive(buf);
                    buf.flip();
                    byte[] bytes = new byte[buf.remaining()];
                    buf.get(bytes);
                    NgMessage m = NgMessage.decode(bytes);
                    received.add(m.cookie());
                    receivedAt.add(System.nanoTime());
                    commands.add(m.dict());
                    if (seen++ < dropFirst) {
                        continue;
                    }
                    Map<String, Object> reply = answer.apply(m.dict());
                    server.send(ByteBuffer.wrap(new NgMessage(m.cookie(), reply).encode()), from);
                }
            } catch (Exception e) {
                // closed
            }
        });
        serverThread.setDaemon(true);
        serverThread.start();
        return (InetSocketAddress) server.getLocalAddress();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void concurrentCallsGetTheirOwnRepliesMatchedByCookie() throws Exception {
        InetSocketAddress addr = startServer(0);
        try (NgClient client = new NgClient(Duration.ofSeconds(2))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Map<String, Object>>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String cmd = "c" + i;
                futures.add(pool.submit(() -> client.call(addr, Map.of("command", cmd))));
            }
            for (int i = 0; i < 40; i++) {
                assertThat(futures.get(i).get().get("echo")).isEqualTo("c" + i);
            }
            pool.shutdown();
        }
        assertThat(received).doesNotHaveDuplicates();
    }

    @Test
    void aLostDatagramIsRetransmittedOnceWithTheSameCookie() throws Exception {
        InetSocketAddress addr = startServer(1);
        try (NgClient client = new NgClient(Duration.ofMillis(400))) {
            assertThat(client.call(addr, Map.of("command", "ping"))).containsEntry("result", "pong");
        }
        assertThat(received).hasSize(2);
        assertThat(received.get(0)).isEqualTo(received.get(1));
    }

    @Test
    void silenceBecomesNgTimeoutExceptionAfterOneRetransmission() throws Exception {
        InetSocketAddress addr = startServer(Integer.MAX_VALUE);
        try (NgClient client = new NgClient(Duration.ofMillis(200))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.call(addr, Map.of("command", "offer")))
                    .isInstanceOf(NgTimeoutException.class).hasMessageContaining("offer").hasMessageContaining("200 ms");
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(150L, 2000L);
        }
        assertThat(received).hasSize(2);
    }

    @Test
    void sendReturnsAtOnceAndSilenceFailsTheFutureWithNgTimeoutExceptionAfterOneRetransmission() throws Exception {
        InetSocketAddress addr = startServer(Integer.MAX_VALUE);
        try (NgClient client = new NgClient(Duration.ofMillis(300))) {
            long start = System.nanoTime();
            CompletableFuture<NgReply> reply = client.send(addr, NgCommand.offer("c1", "ft", "v=0\r\n").build());
            long returnedAfter = System.nanoTime() - start;
            assertThat(reply).isNotDone();
            assertThat(returnedAfter).as("send never waits for the server").isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
            assertThatThrownBy(() -> reply.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(NgTimeoutException.class)
                    .hasMessageContaining("'offer'").hasMessageContaining("300 ms");
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 2000L);
        }
        assertThat(received).hasSize(2);
        assertThat(received.get(1)).as("the retransmission keeps the cookie").isEqualTo(received.get(0));
        assertThat((receivedAt.get(1) - receivedAt.get(0)) / 1_000_000).as("retransmitted halfway").isBetween(100L, 290L);
    }

    @Test
    void anAnswerToTheRetransmissionCompletesTheTypedReply() throws Exception {
        InetSocketAddress addr = startServer(1, command -> {
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("result", "ok");
            reply.put("sdp", "v=0 for " + command.get("from-tag"));
            return reply;
        });
        NgCommand offer = NgCommand.offer("c1", "alice", "v=0\r\n").flags("trust-address").replace("origin")
                .direction("private", "public").build();
        try (NgClient client = new NgClient(Duration.ofMillis(400))) {
            NgReply reply = client.send(addr, offer).get(2, TimeUnit.SECONDS);
            assertThat(reply.ok()).isTrue();
            assertThat(reply.sdp()).isEqualTo("v=0 for alice");
        }
        assertThat(received).hasSize(2);
        assertThat(NgCommand.from(commands.get(0))).as("the server reads the command that was sent").isEqualTo(offer);
    }

    @Test
    void anErrorReplyIsAReplyNotAnException() throws Exception {
        InetSocketAddress addr = startServer(0, command -> {
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("result", "error");
            reply.put("error-reason", "Unknown call-id 'c9'");
            return reply;
        });
        try (NgClient client = new NgClient(Duration.ofMillis(400))) {
            NgReply reply = client.send(addr, NgCommand.query("c9")).get(2, TimeUnit.SECONDS);
            assertThat(reply.ok()).isFalse();
            assertThat(reply.errorReason()).isEqualTo("Unknown call-id 'c9'");
            assertThatThrownBy(() -> client.callOk(addr, Map.of("command", "query", "call-id", "c9")))
                    .isInstanceOf(NgProtocolException.class).hasMessageContaining("Unknown call-id 'c9'");
        }
    }

    @Test
    void manyCommandsInFlightNeedNoThreadEach() throws Exception {
        InetSocketAddress addr = startServer(0);
        try (NgClient client = new NgClient(Duration.ofSeconds(2))) {
            List<CompletableFuture<NgReply>> replies = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                replies.add(client.send(addr, NgCommand.ping()));
            }
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertThat(replies).allSatisfy(r -> assertThat(r.join().result()).isEqualTo(NgReply.Result.PONG));
        }
    }

    @Test
    void closingFailsWhatIsStillInFlight() throws Exception {
        InetSocketAddress addr = startServer(Integer.MAX_VALUE);
        CompletableFuture<NgReply> reply;
        try (NgClient client = new NgClient(Duration.ofSeconds(10))) {
            reply = client.send(addr, NgCommand.ping());
        }
        assertThatThrownBy(reply::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(NgTimeoutException.class);
    }
}
