package io.switchboard.common.sip;

import static io.switchboard.common.sip.SipText.isResponseTo;
import static io.switchboard.common.sip.SipText.status;
import static io.switchboard.common.sip.SipText.statusLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Robustness (RFC 3261 §7, §18.3; the torture-test spirit of RFC 4475): after each hostile datagram
 * the transport still answers an OPTIONS with 200, counts the message in {@code sip.malformed},
 * and answers 400 naming the problem where a response can be routed.
 */
class HostileInputTest {
    private static final TestUas uas = new TestUas();
    private static final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private static SipTransport transport;
    private static UdpPeer peer;
    private static int sequence;

    @BeforeAll
    static void start() {
        transport = SipTransport.start(SipTransportSettings.defaults().withAddress("127.0.0.1", 0), uas, uas.messages, metrics);
        peer = new UdpPeer("127.0.0.1", transport.udpPort());
    }

    @AfterAll
    static void stop() {
        peer.close();
        transport.close();
    }

    static Stream<Arguments> hostileDatagrams() {
        return Stream.of(
                Arguments.of("truncated message", file("truncated.sip"), "incomplete-headers", "header section not terminated"),
                Arguments.of("Content-Length larger than body", file("content-length-exceeds-body.sip"),
                        "content-length-exceeds-body", "Content-Length"),
                Arguments.of("no Call-ID", file("no-call-id.sip"), "missing-call-id", "Call-ID"),
                Arguments.of("binary junk", file("binary-junk.bin"), "unparseable", null),
                Arguments.of("empty datagram", file("empty.bin"), "empty", null),
                Arguments.of("lone CRLF", file("lone-crlf.bin"), "empty", null),
                Arguments.of("64 KB header, otherwise valid", (Supplier<byte[]>) () -> bigHeader(63 * 1024), null, null),
                Arguments.of("3,000 Via headers", (Supplier<byte[]>) HostileInputTest::threeThousandVias, "too-many-vias", null),
                Arguments.of("300 header fields", (Supplier<byte[]>) HostileInputTest::manyHeaders, "too-many-headers", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileDatagrams")
    void serverStillAnswersOptionsAfterHostileDatagram_rfc3261_18_3(String description, Supplier<byte[]> hostile,
                                                                    String reason, String badRequestNames) {
        double before = reason == null ? 0 : malformed(reason);
        peer.send(hostile.get());

        if (badRequestNames != null) {
            String response = peer.receive();
            assertThat(status(response)).isEqualTo(400);
            assertThat(statusLine(response)).contains(badRequestNames);
        }
        String callId = "after-hostile-" + ++sequence;
        peer.send(SipText.options(peer, callId));
        String answer = peer.receive(r -> isResponseTo(r, callId));
        assertThat(status(answer)).isEqualTo(200);
        if (reason != null) {
            await().atMost(Duration.ofSeconds(2)).until(() -> malformed(reason) == before + 1);
        }
    }

    private static double malformed(String reason) {
        return metrics.get("sip.malformed").tag("reason", reason).functionCounter().count();
    }

    private static Supplier<byte[]> file(String name) {
        return () -> {
            try (InputStream in = HostileInputTest.class.getResourceAsStream("/sip/hostile/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource sip/hostile/" + name);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** An OPTIONS with one header of {@code size} bytes (fits an IPv4 datagram: at most 65,507 bytes). */
    static byte[] bigHeader(int size) {
        String options = SipText.options(peer, "big-header");
        return options.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nX-Padding: " + "a".repeat(size) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] threeThousandVias() {
        StringBuilder vias = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            vias.append("v: SIP/2.0/UDP h").append(i % 10).append("\r\n");
        }
        return SipText.options(peer, "many-vias").replace("Max-Forwards: 70\r\n", vias + "Max-Forwards: 70\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] manyHeaders() {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            headers.append("X-H").append(i).append(": ").append(i).append("\r\n");
        }
        return SipText.options(peer, "many-headers").replace("Max-Forwards: 70\r\n", headers + "Max-Forwards: 70\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
