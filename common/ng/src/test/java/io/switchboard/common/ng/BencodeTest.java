package io.switchboard.common.ng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BencodeTest {

    private static Object decode(String s) {
        return Bencode.decode(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String encode(Object o) {
        return new String(Bencode.encode(o), StandardCharsets.ISO_8859_1);
    }

    @Test
    void stringsIntegersListsAndDictionariesRoundTripInWireOrder_bep3() {
        String wire = "d7:command5:offer7:call-id3:abc5:flagsl13:trust-addresse3:numi-42e4:zeroi0e5:emptyd0:leee";
        Object v = decode(wire);
        assertThat(v).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("command", "call-id", "flags", "num", "zero", "empty");
        assertThat(m.get("num")).isEqualTo(-42L);
        assertThat(m.get("flags")).isEqualTo(List.of("trust-address"));
        assertThat(m.get("empty")).isEqualTo(Map.of("", List.of()));
        assertThat(encode(v)).isEqualTo(wire);
    }

    @Test
    void nonLatinBytesSurviveARoundTripByteForByte() {
        byte[] in = new byte[] {'d', '1', ':', 'k', '4', ':', (byte) 0xc3, (byte) 0xa9, 't', 'x', 'e'};
        assertThat(Bencode.encode(Bencode.decode(in))).isEqualTo(in);
    }

    @Test
    void stringsBeyondLatin1AreEncodedAsUtf8() {
        assertThat(Bencode.encode("\u20ac")).isEqualTo("3:\u20ac".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "d7:command4:pinge?  | trailing garbage",
            "i-0e                | negative zero",
            "i03e                | leading zero",
            "03:abc              | leading zero",
            "d7:command4:ping    | unexpected end of input",
            "l1:a                | unexpected end of input",
            "ie                  | expected digits",
            "i12                 | unexpected end of input",
            "5:abc               | runs past the end",
            "-1:a                | expected 'i', 'l', 'd'",
            "di1ei2ee            | byte-string dictionary key",
            "x                   | expected 'i', 'l', 'd' or a string length",
            "i1x2e               | expected a digit",
            "d1:ai1e1:ai2ee      | duplicate dictionary key",
            "i99999999999999999999e | integer too large",
    })
    void malformedInputIsRejectedSayingWhatWasExpected(String input, String message) {
        assertThatThrownBy(() -> decode(input)).isInstanceOf(NgProtocolException.class).hasMessageContaining(message);
    }

    @Test
    void nestingDeeperThan32IsRejected() {
        String ok = "l".repeat(33) + "e".repeat(33);
        assertThat(decode(ok)).isInstanceOf(List.class);
        String deep = "l".repeat(34) + "e".repeat(34);
        assertThatThrownBy(() -> decode(deep)).isInstanceOf(NgProtocolException.class).hasMessageContaining("nesting deeper than 32");
    }

    @Test
    void emptyInputAndNonDictionaryTopLevelAreRejected() {
        assertThatThrownBy(() -> Bencode.decode(new byte[0])).hasMessageContaining("unexpected end of input");
        assertThatThrownBy(() -> Bencode.decodeDictionary("le".getBytes(StandardCharsets.US_ASCII), 0, 2))
                .hasMessageContaining("expected a bencoded dictionary");
    }

    @Test
    void unsupportedTypesCannotBeEncoded() {
        assertThatThrownBy(() -> Bencode.encode(1.5)).isInstanceOf(NgProtocolException.class).hasMessageContaining("Double");
        assertThatThrownBy(() -> Bencode.encode(Map.of(1, "a"))).hasMessageContaining("not a string");
    }
}
