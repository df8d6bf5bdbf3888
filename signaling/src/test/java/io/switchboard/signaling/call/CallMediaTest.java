package io.switchboard.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.ng.NgCommand;
import io.switchboard.common.ng.NgReply;
import io.switchboard.common.ng.NgSender;
import io.switchboard.common.ng.NgTimeoutException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CallMediaTest {
    private static final InetSocketAddress NODE = new InetSocketAddress("127.0.0.1", 2223);
    private final List<NgCommand> sent = new CopyOnWriteArrayList<>();

    private CallMedia media(CompletableFuture<NgReply> reply) {
        NgSender ng = (server, command) -> {
            assertThat(server).isEqualTo(NODE);
            sent.add(command);
            return reply;
        };
        return new CallMedia(ng, new MediaLease("m1", NODE, "v=0 offer"), "c1");
    }

    private static CompletableFuture<NgReply> reply(Map<String, Object> dict) {
        return CompletableFuture.completedFuture(NgReply.from(dict));
    }

    @Test
    void anAnswerThroughTheRelayGivesTheSdpForTheOfferer() {
        CompletableFuture<String> sdp = media(reply(Map.of("result", "ok", "sdp", "v=0 relay"))).answer("alice", "bob", "v=0 bob");
        assertThat(sdp).isCompletedWithValue("v=0 relay");
        assertThat(sent).containsExactly(NgCommand.answer("c1", "alice", "bob", "v=0 bob").flags("trust-address")
                .replace("origin", "session-connection").build());
    }

    @Test
    void aHandOverIsAnAnswerNamingTheLegToReplace() {
        media(reply(Map.of("result", "ok", "sdp", "v=0 relay"))).handOver("alice", "carol", "bob", "v=0 carol");
        assertThat(sent.get(0).name()).isEqualTo(NgCommand.Name.ANSWER);
        assertThat(sent.get(0).toTag()).isEqualTo("carol");
        assertThat(sent.get(0).replaceTag()).isEqualTo("bob");
    }

    @Test
    void aReOfferCarriesBothTags() {
        media(reply(Map.of("result", "ok", "sdp", "v=0 relay"))).offer("bob", "alice", "v=0 hold");
        assertThat(sent.get(0).name()).isEqualTo(NgCommand.Name.OFFER);
        assertThat(sent.get(0).fromTag()).isEqualTo("bob");
        assertThat(sent.get(0).toTag()).isEqualTo("alice");
    }

    @Test
    void aRefusalOrSilenceIsNullNotAnException() {
        assertThat(media(reply(Map.of("result", "error", "error-reason", "Unknown call-id"))).answer("a", "b", "v=0"))
                .isCompletedWithValue(null);
        assertThat(media(CompletableFuture.failedFuture(new NgTimeoutException("silent"))).answer("a", "b", "v=0"))
                .isCompletedWithValue(null);
    }

    @Test
    void theCallIsNotHeldUpByAnAnswerStillInFlight() {
        CompletableFuture<NgReply> inFlight = new CompletableFuture<>();
        CompletableFuture<String> sdp = media(inFlight).answer("alice", "bob", "v=0 bob");
        assertThat(sdp).isNotDone();
        inFlight.complete(NgReply.from(Map.of("result", "ok", "sdp", "v=0 relay")));
        assertThat(sdp).isCompletedWithValue("v=0 relay");
    }

    @Test
    void releaseSendsDeleteAndWaitsForNothing() {
        media(new CompletableFuture<>()).release();
        assertThat(sent).containsExactly(NgCommand.delete("c1"));
    }
}
