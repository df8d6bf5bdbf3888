package io.switchboard.signaling.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A provider's numbers put in the DID table's form before the lookup. */
class InboundRewriteTest {
    @Test
    void aNationalNumberBecomesE164() {
        assertThat(new InboundRewrite(1, "+32").apply("022001234")).isEqualTo("+3222001234");
    }

    @Test
    void noneLeavesTheNumberAndAShortNumberIsLeftAsItIs() {
        assertThat(InboundRewrite.NONE.apply("3222001234")).isEqualTo("3222001234");
        assertThat(new InboundRewrite(4, "+32").apply("112")).isEqualTo("112");
        assertThat(new InboundRewrite(0, "+").apply("3222001234")).isEqualTo("+3222001234");
    }

    @Test
    void badValuesNameTheirField() {
        assertThat(new InboundRewrite(-1, "x").problems()).extracting(p -> p.field()).containsExactly("inboundStrip", "inboundPrepend");
    }
}
