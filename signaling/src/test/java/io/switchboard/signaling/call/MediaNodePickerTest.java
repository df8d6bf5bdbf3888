package io.switchboard.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.ng.NgCommand;
import io.switchboard.common.ng.NgReply;
import io.switchboard.common.ng.NgTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class MediaNodePickerTest {
    private final Map<Integer, CompletableFuture<NgReply>> replies = new HashMap<>();
    private final List<Integer> asked = new ArrayList<>();
    private final List<NgCommand> commands = new ArrayList<>();

    private static NodeStatus media(String name, int ngPort, int sessions) {
        return new NodeStatus(name, "media", "127.0.0.1", "", Map.of("ng", ngPort), "t", sessions, 100, 0, 1_000, 2000, false);
    }

    private MediaNodePicker picker(NodeStatus... nodes) {
        return new MediaNodePicker(() -> List.of(nodes), () -> 2_000, (server, command) -> {
            asked.add(server.getPort());
            commands.add(command);
            return replies.computeIfAbsent(server.getPort(), p -> new CompletableFuture<>());
        });
    }

    private void answer(int port, Map<String, Object> dict) {
        replies.computeIfAbsent(port, p -> new CompletableFuture<>()).complete(NgReply.from(dict));
    }

    @Test
    void theLeastLoadedNodeGetsTheOfferWithBothSidesNetworks() {
        answer(2001, Map.of("result", "ok", "sdp", "v=0 relay"));
        CompletableFuture<MediaLease> lease = picker(media("busy", 2002, 50), media("idle", 2001, 3))
                .offer("c1", "alice", "v=0 alice", true, false);
        assertThat(lease.join()).isEqualTo(new MediaLease("idle", new java.net.InetSocketAddress("127.0.0.1", 2001), "v=0 relay"));
        assertThat(asked).containsExactly(2001);
        assertThat(commands.get(0)).isEqualTo(NgCommand.offer("c1", "alice", "v=0 alice").flags("trust-address")
                .replace("origin", "session-connection").direction("public", "private").build());
    }

    @Test
    void aCalleeOnlyOnWebSocketIsOfferedWebRtcMediaAndOneOnlyOnTlsOpportunisticSrtp_rfc7118_rfc8643() {
        answer(2001, Map.of("result", "ok", "sdp", "v=0 relay"));
        MediaNodePicker picker = picker(media("idle", 2001, 0));
        picker.offer("c1", "alice", "v=0", false, false, MediaNodePicker.CalleeMedia.of(
                List.of(io.switchboard.common.sip.SipTransportKind.WSS, io.switchboard.common.sip.SipTransportKind.WS))).join();
        assertThat(commands.get(0).transportProtocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(commands.get(0).flag("osrtp-offer")).isFalse();
        picker.offer("c2", "alice", "v=0", false, false, MediaNodePicker.CalleeMedia.of(
                List.of(io.switchboard.common.sip.SipTransportKind.TLS))).join();
        assertThat(commands.get(1).transportProtocol()).isNull();
        assertThat(commands.get(1).flag("osrtp-offer")).isTrue();
        assertThat(MediaNodePicker.CalleeMedia.of(List.of(io.switchboard.common.sip.SipTransportKind.WSS,
                io.switchboard.common.sip.SipTransportKind.UDP))).as("a browser and a desk phone: one SDP must suit both")
                .isEqualTo(MediaNodePicker.CalleeMedia.PLAIN);
    }

    @Test
    void aRefusingOrSilentNodeIsSkippedOnlyWhenItsReplyComes() {
        MediaNodePicker picker = picker(media("a", 2001, 0), media("b", 2002, 1), media("c", 2003, 2));
        CompletableFuture<MediaLease> lease = picker.offer("c1", "alice", "v=0", false, false);
        assertThat(lease).as("nothing waits: the offer is in flight").isNotDone();
        assertThat(asked).containsExactly(2001);
        answer(2001, Map.of("result", "error", "error-reason", "session limit"));
        assertThat(asked).containsExactly(2001, 2002);
        replies.get(2002).completeExceptionally(new NgTimeoutException("silent"));
        assertThat(asked).as("the silent node is told to delete what it may open late, then the next is asked")
                .containsExactly(2001, 2002, 2002, 2003);
        assertThat(commands.get(2)).isEqualTo(NgCommand.delete("c1"));
        answer(2003, Map.of("result", "ok", "sdp", "v=0 relay"));
        assertThat(lease.join().node()).isEqualTo("c");
    }

    @Test
    void noNodeLeftIsNoMediaNodeException() {
        answer(2001, Map.of("result", "error", "error-reason", "session limit"));
        assertThatThrownBy(() -> picker(media("a", 2001, 0)).offer("c1", "alice", "v=0", false, false).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(NoMediaNodeException.class)
                .hasMessageContaining("1 tried");
        assertThatThrownBy(() -> picker().offer("c1", "alice", "v=0", false, false).join())
                .hasCauseInstanceOf(NoMediaNodeException.class).hasMessageContaining("no media node online");
    }

    @Test
    void aNodeTakingAnOfferCountsAsLoadedBeforeItsNextHeartbeat() {
        NodeStatus a = media("a", 2001, 0);
        NodeStatus b = media("b", 2002, 0);
        answer(2001, Map.of("result", "ok", "sdp", "v=0"));
        answer(2002, Map.of("result", "ok", "sdp", "v=0"));
        MediaNodePicker picker = picker(a, b);
        assertThat(picker.offer("c1", "x", "v=0", false, false).join().node()).isEqualTo("a");
        assertThat(picker.offer("c2", "x", "v=0", false, false).join().node()).isEqualTo("b");
    }
}
