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
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A scripted UDP peer stands in for the media server. */
class NgClientTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private DatagramChannel server;
    private Thread serverThread;

    private InetSocketAddress startServer(int dropFirst) throws Exception {
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
                    if (seen++ < dropFirst) {
                        continue;
                    }
                    Map<String, Object> reply = new LinkedHashMap<>();
                    reply.put("result", "pong");
                    reply.put("echo", m.dict().get("command"));
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
}
