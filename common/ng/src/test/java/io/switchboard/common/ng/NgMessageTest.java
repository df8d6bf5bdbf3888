package io.switchboard.common.ng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NgMessageTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void pingAndPongAreFramedAsCookieSpaceDictionary_ngProtocol() {
        NgMessage ping = NgMessage.decode(b("5323_1 d7:command4:pinge"));
        assertThat(ping.cookie()).isEqualTo("5323_1");
        assertThat(ping.dict()).containsEntry("command", "ping");
        Map<String, Object> pong = new LinkedHashMap<>();
        pong.put("result", "pong");
        assertThat(new String(new NgMessage("5323_1", pong).encode(), StandardCharsets.ISO_8859_1)).isEqualTo("5323_1 d6:result4:ponge");
    }

    @Test
    void theCookieIsReadableEvenWhenTheBodyIsGarbage() {
        byte[] garbage = b("abc_7 this is not bencode");
        assertThat(NgMessage.cookieOf(garbage, 0, garbage.length)).isEqualTo("abc_7");
        assertThatThrownBy(() -> NgMessage.decode(garbage)).isInstanceOf(NgProtocolException.class);
        assertThat(NgMessage.cookieOf(b("nospace"), 0, 7)).isNull();
        assertThat(NgMessage.cookieOf(b(" d7:command4:pinge"), 0, 18)).isNull();
        assertThat(NgMessage.cookieOf(new byte[] {1, 2, ' ', 'd', 'e'}, 0, 5)).isNull();
    }
}
