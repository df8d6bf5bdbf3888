package io.switchboard.common.sip;

import static io.switchboard.common.sip.SipText.request;
import static io.switchboard.common.sip.SipText.status;
import static io.switchboard.common.sip.SipText.udpVia;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A TU that asks for Call-ID shards (docs/ARCHITECTURE.md "Hot paths") gets every request of one
 * Call-ID on the one event loop that owns it, never on a worker; a B2BUA's own Call-IDs can be picked
 * on the loop it wants.
 */
class CallIdShardsTest {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final SipMessages messages = new SipMessages("switchboard-test");
    private final Map<String, Thread> threadByCallId = new ConcurrentHashMap<>();
    private SipTransport transport;
    private UdpPeer peer;

    private final SipRequestHandler sharded = new SipRequestHandler() {
        @Override
        public void onRequest(ServerTransaction tx) {
            String callId = tx.request().getHeader("Call-ID").toString().split(":", 2)[1].trim();
            Thread before = threadByCallId.putIfAbsent(callId, Thread.currentThread());
            boolean sameThread = before == null || before == Thread.currentThread();
            boolean owner = transport.shards().of(callId).inEventLoop();
            tx.respond(messages.response(tx.request(), sameThread && owner ? Response.OK : Response.SERVER_INTERNAL_ERROR));
        }

        @Override
        public boolean onShards() {
            return true;
        }
    };

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    @Test
    void everyRequestOfACallIdRunsOnTheLoopOwningIt_rfc3261_17_2() {
        transport = SipTransport.start(SipTransportSettings.defaults().withAddress("127.0.0.1", 0), sharded, messages, metrics);
        peer = new UdpPeer("127.0.0.1", transport.udpPort());
        int n = 0;
        for (int call = 0; call < 8; call++) {
            for (int cseq = 1; cseq <= 3; cseq++) {
                n++;
                peer.send(request("MESSAGE", "bob", udpVia(peer.port(), "shard" + n), "shard-call-" + call, cseq));
                assertThat(status(peer.receive())).as("call %d cseq %d", call, cseq).isEqualTo(200);
            }
        }
        assertThat(threadByCallId.values()).allMatch(t -> t.getName().startsWith("sip-io"));
    }

    @Test
    void aNewCallIdIsOwnedByTheLoopAskedFor() {
        transport = SipTransport.start(SipTransportSettings.defaults().withAddress("127.0.0.1", 0), sharded, messages, metrics);
        CallIdShards shards = transport.shards();
        EventLoop first = shards.of("any");
        for (int i = 0; i < 50; i++) {
            String id = shards.newCallId(first, "192.0.2.1");
            assertThat(shards.of(id)).isSameAs(first);
            assertThat(id).endsWith("@192.0.2.1");
        }
    }

    @Test
    void aTransportOfWorkersHasNoShards() {
        TestUas uas = new TestUas();
        transport = SipTransport.start(SipTransportSettings.defaults().withAddress("127.0.0.1", 0), uas, uas.messages, metrics);
        uas.release.countDown();
        assertThatThrownBy(transport::shards).isInstanceOf(IllegalStateException.class);
    }
}
