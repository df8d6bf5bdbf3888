package io.switchboard.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IVR menu digit that asked for a transfer must not reach the transfer target (RFC 4733 §2.5.1.4 end retransmits). */
class TransferDigitTest {
    private static final int EVENT_PT = 101;
    private static final int PCMU = 0;

    private static RelayLeg[] call() {
        RelayLeg caller = new RelayLeg(0, 10000);
        RelayLeg ivr = new RelayLeg(1, 10002);
        caller.peer = ivr;
        ivr.peer = caller;
        for (RelayLeg leg : List.of(caller, ivr)) {
            leg.rtp = new EmbeddedChannel();
            leg.rtcp = new EmbeddedChannel();
            leg.setEventPayloadTypes(List.of(EVENT_PT));
        }
        return new RelayLeg[] {caller, ivr};
    }

    @Test
    void theRestOfTheDigitPressedBeforeTheHandOverIsDropped() {
        RelayLeg[] legs = call();
        RelayLeg caller = legs[0];
        assertThat(caller.passesEvent(EVENT_PT, 8000)).as("digit '2' reaches the IVR").isTrue();
        legs[1].handOver("target-tag");
        assertThat(caller.passesEvent(EVENT_PT, 8000)).as("its end packets, after the transfer").isFalse();
        assertThat(caller.passesEvent(EVENT_PT, 8000)).isFalse();
        assertThat(caller.staleDigitDrops).isEqualTo(2);
        assertThat(caller.passesEvent(PCMU, 8000)).as("audio is never held back").isTrue();
        assertThat(caller.passesEvent(EVENT_PT, 16000)).as("a new digit for the new party").isTrue();
    }

    @Test
    void withoutAHandOverEveryEventPasses() {
        RelayLeg caller = call()[0];
        assertThat(caller.passesEvent(EVENT_PT, 8000)).isTrue();
        assertThat(caller.passesEvent(EVENT_PT, 8000)).isTrue();
        assertThat(caller.passesEvent(102, 8000)).as("not telephone-event in this SDP").isTrue();
    }
}
