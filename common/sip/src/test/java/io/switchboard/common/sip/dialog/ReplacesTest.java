package io.switchboard.common.sip.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 3891 §6.1 Replaces values, plain and escaped in a Refer-To URI (§3, RFC 5589 §7). */
class ReplacesTest {

    @Test
    void aHeaderValueNamesTheCallIdAndBothTags_6_1() {
        assertThat(Replaces.parse("98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff"))
                .contains(new Replaces("98732@sip.example.com", "ff87ff", "r33th4x0r", false));
        assertThat(Replaces.parse("abc;to-tag=1;from-tag=2;early-only")).get().extracting(Replaces::earlyOnly).isEqualTo(true);
    }

    @Test
    void theEscapedFormOfAReferToUriIsUndone_3() {
        assertThat(Replaces.parseEscaped("090459243588173445%40host%3Bto-tag%3D7553452%3Bfrom-tag%3D31431"))
                .contains(new Replaces("090459243588173445@host", "7553452", "31431", false));
    }

    @Test
    void aValueWithoutBothTagsIsRefused() {
        assertThat(Replaces.parse("abc;to-tag=1")).isEmpty();
        assertThat(Replaces.parse(";to-tag=1;from-tag=2")).isEmpty();
        assertThat(Replaces.parse(null)).isEmpty();
        assertThat(Replaces.parseEscaped("abc%3Bto-tag%3D1%3Bfrom-tag%3D")).isEmpty();
        assertThat(Replaces.unescape("a%2")).isEqualTo("a%2");
    }
}
