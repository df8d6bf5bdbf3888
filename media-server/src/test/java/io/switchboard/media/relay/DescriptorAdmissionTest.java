package io.switchboard.media.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A new call is refused (so signaling tries the next node) when its worst case of four sockets does
 * not fit the open-file budget next to the relay sockets open now, and admitted again once calls end.
 */
class DescriptorAdmissionTest {

    @Test
    void aCallBeyondTheDescriptorBudgetIsRefusedAndTheNextFitsAgainAfterOneEnds() throws Exception {
        try (RelayPorts ports = new RelayPorts(InetAddress.getByName("127.0.0.1"), 47000, 47099, 1);
             // Room for 8 relay sockets: two calls with rtcp-mux (2 each) leave 4, enough for one more.
             RelaySessions sessions = new RelaySessions(ports, 100, Duration.ofSeconds(60), open -> open + 4 <= 8)) {
            sessions.create("c1", "a", false, false);
            sessions.create("c2", "a", false, false);
            assertThat(ports.openSockets()).isEqualTo(4);
            sessions.create("c3", "a", false, false);
            assertThatThrownBy(() -> sessions.create("c4", "a", false, false))
                    .isInstanceOf(SessionLimitException.class).hasMessageContaining("open-file limit");
            sessions.remove("c1", "test");
            sessions.create("c4", "a", false, false);
            assertThat(sessions.size()).isEqualTo(3);
        }
    }
}
