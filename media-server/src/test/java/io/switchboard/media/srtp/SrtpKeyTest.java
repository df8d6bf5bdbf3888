package io.switchboard.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** SDES keys (RFC 4568 section 6.1) and the crypto suites (section 6.2), as {@code a=crypto} lines carry them. */
class SrtpKeyTest {
    /** The key of RFC 4568's example line (section 4), {@code a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:...|2^20|1:32}. */
    private static final String EXAMPLE = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
    private static final SrtpSuite SUITE = SrtpSuite.AES_CM_128_HMAC_SHA1_80;

    @Test
    void theRfcExampleKeyParamsGiveA16ByteKeyAnd14ByteSaltAndRenderBackTheSame_rfc4568_6_1() {
        SrtpKey key = SrtpKey.parse(SUITE, "inline:" + EXAMPLE);

        byte[] keyAndSalt = Base64.getDecoder().decode(EXAMPLE);
        assertThat(key.suite()).isEqualTo(SUITE);
        assertThat(key.masterKey()).hasSize(16).isEqualTo(HexFormat.of().parseHex("3d2d6e40255e7821426a75667239293f"));
        assertThat(key.masterSalt()).hasSize(14).isEqualTo(HexFormat.of().parseHex("2c2335685c603d265d7b71695051"));
        assertThat(concat(key.masterKey(), key.masterSalt())).isEqualTo(keyAndSalt);
        assertThat(key.keyParams()).isEqualTo("inline:" + EXAMPLE);
    }

    @Test
    void aLifetimeIsAcceptedAndIgnored_rfc4568_6_1() {
        SrtpKey plain = SrtpKey.parse(SUITE, "inline:" + EXAMPLE);

        assertThat(SrtpKey.parse(SUITE, "inline:" + EXAMPLE + "|2^20")).isEqualTo(plain);
        assertThat(SrtpKey.parse(SUITE, "inline:" + EXAMPLE + "|1048576")).isEqualTo(plain);
        assertThat(SrtpKey.parse(SUITE, "inline:" + EXAMPLE + "|2^20").keyParams()).isEqualTo("inline:" + EXAMPLE);
    }

    @Test
    void anMkiIsRefusedSinceMkiIsNotImplemented_rfc4568_6_1() {
        assertThatThrownBy(() -> SrtpKey.parse(SUITE, "inline:" + EXAMPLE + "|2^20|1:32"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MKI '1:32'");
        assertThatThrownBy(() -> SrtpKey.parse(SUITE, "inline:" + EXAMPLE + "|1:4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MKI '1:4'");
    }

    @Test
    void severalInlineKeysAreRefused_rfc4568_6_1() {
        assertThatThrownBy(() -> SrtpKey.parse(SUITE, "inline:" + EXAMPLE + "|2^20|1:4;inline:" + EXAMPLE + "|2^20|2:4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("several keys");
    }

    @Test
    void badBase64IsRefusedWithTheReason() {
        assertThatThrownBy(() -> SrtpKey.parse(SUITE, "inline:PS1uQCVeeCFCanVmcjkp*ywjNWhcYD0mXXtxaVBR"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid base64");
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedWithTheReason() {
        String short29 = Base64.getEncoder().encodeToString(new byte[29]);
        String long46 = Base64.getEncoder().encodeToString(new byte[46]);

        assertThatThrownBy(() -> SrtpKey.parse(SUITE, "inline:" + short29))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 30 bytes of key and salt (16 + 14)").hasMessageContaining("gives 29");
        assertThatThrownBy(() -> SrtpKey.parse(SUITE, "inline:" + long46))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gives 46");
        assertThatThrownBy(() -> new SrtpKey(SUITE, new byte[16], new byte[12]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("14-byte master salt");
    }

    @Test
    void otherMalformedKeyParamsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SrtpKey.parse(SUITE, "uri:https://example.com/key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 'inline:'");
        assertThatThrownBy(() -> SrtpKey.parse(SUITE, "inline:" + EXAMPLE + "|forever"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad lifetime 'forever'");
        assertThatThrownBy(() -> SrtpKey.parse(SUITE, "inline:" + EXAMPLE + "|2^20|7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only an MKI");
        assertThatThrownBy(() -> SrtpKey.parse(SUITE, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no key-params");
    }

    @Test
    void toStringShowsTheSuiteOnlyAndTheKeyCannotBeChangedFromOutside() {
        SrtpKey key = SrtpKey.parse(SUITE, "inline:" + EXAMPLE);
        String hex = HexFormat.of().formatHex(key.masterKey());

        assertThat(key.toString()).isEqualTo("SrtpKey[suite=AES_CM_128_HMAC_SHA1_80]")
                .doesNotContain(EXAMPLE.substring(0, 8)).doesNotContainIgnoringCase(hex.substring(0, 8));
        key.masterKey()[0] ^= 1;
        key.masterSalt()[0] ^= 1;
        assertThat(key.keyParams()).isEqualTo("inline:" + EXAMPLE);
    }

    @Test
    void keysAreEqualByTheirBytesAndSuite() {
        SrtpKey a = SrtpKey.parse(SUITE, "inline:" + EXAMPLE);
        SrtpKey b = SrtpKey.parse(SUITE, "inline:" + EXAMPLE + "|2^31");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(SrtpKey.parse(SrtpSuite.AES_CM_128_HMAC_SHA1_32, "inline:" + EXAMPLE));
        byte[] salt = a.masterSalt();
        salt[13] ^= 1;
        assertThat(a).isNotEqualTo(new SrtpKey(SUITE, a.masterKey(), salt));
    }

    @Test
    void randomKeysAreFreshAndTravelThroughTheirKeyParams() {
        SecureRandom random = new SecureRandom();
        SrtpKey a = SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_32, random);
        SrtpKey b = SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_32, random);

        assertThat(a).isNotEqualTo(b);
        assertThat(a.keyParams()).startsWith("inline:").hasSize("inline:".length() + 40);
        assertThat(SrtpKey.parse(SrtpSuite.AES_CM_128_HMAC_SHA1_32, a.keyParams())).isEqualTo(a);
    }

    @Test
    void suitesAreNamedExactlyAndTheShortTagIsForSrtpOnly_rfc4568_6_2() {
        assertThat(SrtpSuite.of("AES_CM_128_HMAC_SHA1_80")).contains(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertThat(SrtpSuite.of("AES_CM_128_HMAC_SHA1_32")).contains(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        assertThat(SrtpSuite.of("aes_cm_128_hmac_sha1_80")).isEmpty();
        assertThat(SrtpSuite.of("F8_128_HMAC_SHA1_80")).isEmpty();
        assertThat(SrtpSuite.of("AEAD_AES_128_GCM")).isEmpty();
        assertThat(SrtpSuite.of(null)).isEmpty();

        assertThat(SrtpSuite.AES_CM_128_HMAC_SHA1_80.sdpName()).isEqualTo("AES_CM_128_HMAC_SHA1_80");
        assertThat(SrtpSuite.AES_CM_128_HMAC_SHA1_80.rtpAuthTagBytes()).isEqualTo(10);
        assertThat(SrtpSuite.AES_CM_128_HMAC_SHA1_32.rtpAuthTagBytes()).isEqualTo(4);
        for (SrtpSuite suite : SrtpSuite.values()) {
            assertThat(suite.rtcpAuthTagBytes()).isEqualTo(10);
            assertThat(suite.keyBytes()).isEqualTo(16);
            assertThat(suite.saltBytes()).isEqualTo(14);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
