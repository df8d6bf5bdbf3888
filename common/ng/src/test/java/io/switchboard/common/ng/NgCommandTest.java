package io.switchboard.common.ng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NgCommandTest {
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

    static Stream<NgCommand> everyCommand() {
        return Stream.of(
                NgCommand.ping(),
                NgCommand.offer("c1", "ft", SDP).flags("trust-address").replace("origin", "session-connection")
                        .direction("private", "public").build(),
                NgCommand.offer("c1", "ft", SDP).viaBranch("z9hG4bK1").ice("remove").rtcpMux("demux")
                        .mediaAddress("192.0.2.1").recordCall(true).build(),
                NgCommand.offer("c1", "ft", SDP).flags("record-call").build(),
                NgCommand.answer("c1", "ft", "tt", SDP).flags("trust-address").replace("origin").build(),
                NgCommand.answer("c1", "ft", "new", SDP).replaceTag("old").build(),
                NgCommand.delete("c1"),
                NgCommand.builder(NgCommand.Name.DELETE).callId("c1").flags("fatal").build(),
                NgCommand.query("c1"),
                NgCommand.builder(NgCommand.Name.START_RECORDING).callId("c1").build(),
                NgCommand.builder(NgCommand.Name.STOP_RECORDING).callId("c1").build());
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void theDictionaryParsesBackToTheSameCommand(NgCommand command) {
        assertThat(NgCommand.from(command.toDictionary())).isEqualTo(command);
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void theDictionarySurvivesTheWire(NgCommand command) {
        byte[] wire = new NgMessage("1", command.toDictionary()).encode();
        assertThat(NgCommand.from(NgMessage.decode(wire).dict())).isEqualTo(command);
    }

    @Test
    void anOfferIsWrittenWithRtpenginesKeys() {
        NgCommand offer = NgCommand.offer("c1", "ft", SDP).flags("trust address").replace("session_connection", "origin")
                .direction("private", "public").build();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("command", "offer");
        expected.put("call-id", "c1");
        expected.put("from-tag", "ft");
        expected.put("sdp", SDP);
        expected.put("flags", List.of("trust-address"));
        expected.put("replace", List.of("origin", "session-connection"));
        expected.put("direction", List.of("private", "public"));
        assertThat(offer.toDictionary()).containsExactlyEntriesOf(expected);
        assertThat(new String(new NgMessage("7", NgCommand.delete("c1").toDictionary()).encode(), StandardCharsets.US_ASCII))
                .isEqualTo("7 d7:command6:delete7:call-id2:c1e");
    }

    @Test
    void otherSpellingsParseToTheSameCommand() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("command", "Start_Recording");
        d.put("call id", "c1");
        d.put("flags", "Trust_Address record-call");
        NgCommand c = NgCommand.from(d);
        assertThat(c).isEqualTo(NgCommand.builder(NgCommand.Name.START_RECORDING).callId("c1")
                .flags("trust-address", "record-call").build());
        assertThat(c.recordCall()).isTrue();
    }

    @Test
    void aCommandWithoutItsKeysIsRefusedWhereverItIsMade() {
        assertThatThrownBy(() -> NgCommand.answer("c1", "ft", null, SDP).build())
                .isInstanceOf(NgProtocolException.class).hasMessage("'answer' needs key 'to-tag'");
        assertThatThrownBy(() -> NgCommand.from(Map.of("command", "offer", "call-id", "c1", "flags", 3L)))
                .isInstanceOf(NgProtocolException.class).hasMessage("'offer' needs key 'from-tag'");
        assertThatThrownBy(() -> NgCommand.from(Map.of("command", "dance")))
                .isInstanceOf(NgProtocolException.class).hasMessageContaining("unknown command 'dance'");
    }
}
