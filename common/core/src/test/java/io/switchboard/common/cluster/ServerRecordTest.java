package io.switchboard.common.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.api.FieldProblem;
import org.junit.jupiter.api.Test;

/** What the inventory accepts, each refusal naming its field. */
class ServerRecordTest {
    private static ServerRecord media(String priv, String pub, int max) {
        return new ServerRecord("media-server-1", ServerType.MEDIA, priv, pub, max, true, false);
    }

    @Test
    void aMediaServerOfTheGuidesShapeIsAccepted() {
        assertThat(media("192.168.1.21", "203.0.113.21", 5000).problems()).isEmpty();
        assertThat(media("fd00::21", "", 1).problems()).isEmpty();
    }

    @Test
    void moreThan5000MediaSessionsIsRefusedWithTheAdviceToAddAServer() {
        assertThat(media("192.168.1.21", "", 6000).problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("maxSessions");
            assertThat(p.reason()).contains("at most 5000").contains("add another media server");
        });
    }

    @Test
    void addressesMustBeIpLiteralsAndOnlyMediaHasAPublicOne() {
        assertThat(media("pbx02.example.com", "", 10).problems()).extracting(FieldProblem::field).containsExactly("privateAddress");
        assertThat(media("192.168.1.300", "", 10).problems()).extracting(FieldProblem::field).containsExactly("privateAddress");
        assertThat(media("192.168.1.21", "nope", 10).problems()).extracting(FieldProblem::field).containsExactly("publicAddress");
        assertThat(new ServerRecord("ivr-1", ServerType.IVR, "192.168.1.22", "203.0.113.9", 500, true, false).problems())
                .extracting(FieldProblem::field).containsExactly("publicAddress");
    }

    @Test
    void typesParseFromTheApiWordTheServiceAndTheGuidesSpellingIncludingItsVrTypo() {
        assertThat(ServerType.parse("media")).contains(ServerType.MEDIA);
        assertThat(ServerType.parse("queue-server")).contains(ServerType.QUEUE);
        assertThat(ServerType.parse("meeting-server-only")).contains(ServerType.MEETING);
        assertThat(ServerType.parse("vr-server-only")).contains(ServerType.IVR);
        assertThat(ServerType.parse("signaling")).isEmpty();
    }
}
