package io.switchboard.common.sip;

import static io.switchboard.common.sip.SipText.isResponseTo;
import static io.switchboard.common.sip.SipText.request;
import static io.switchboard.common.sip.SipText.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SIP over WebSocket (RFC 7118) as a browser phone (JsSIP, SIP.js) speaks it: one SIP message per WebSocket message. */
class SipTransportWebSocketTest {
    private final TestUas uas = new TestUas();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private SipTransport transport;

    @BeforeEach
    void start() {
        transport = SipTransport.start(SipTransportSettings.defaults().withAddress("127.0.0.1", 0), Optional.empty(),
                new SipWebSockets(OptionalInt.of(0), OptionalInt.empty()), uas, uas.messages, metrics);
    }

    @AfterEach
    void stop() {
        transport.close();
    }

    /** Collects whole text messages. */
    private static final class Messages implements WebSocket.Listener {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void optionsOverWebSocketIsAnsweredOnTheSameConnection_rfc7118_5() throws Exception {
        assertThat(transport.wsPort()).isPositive();
        assertThat(transport.port(SipTransportKind.WS)).isEqualTo(transport.wsPort());
        Messages messages = new Messages();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("sip")
                .buildAsync(URI.create("ws://127.0.0.1:" + transport.wsPort() + "/"), messages).get(5, TimeUnit.SECONDS);
        assertThat(ws.getSubprotocol()).isEqualTo("sip");
        // As JsSIP writes it: a made-up .invalid host in Via and Contact (RFC 7118 §5.2).
        String options = request("OPTIONS", "bob", "SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKws1", "ws-1", 1);
        ws.sendText(options, true).get(5, TimeUnit.SECONDS);
        String response = messages.received.poll(5, TimeUnit.SECONDS);
        assertThat(response).isNotNull();
        assertThat(status(response)).isEqualTo(200);
        assertThat(isResponseTo(response, "ws-1")).isTrue();
        assertThat(response).contains("SIP/2.0/WS df7jal23ls0d.invalid");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void anUpgradeWithoutTheSipSubprotocolIsRefused_rfc7118_4() {
        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + transport.wsPort() + "/"), new Messages()).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
    }
}
