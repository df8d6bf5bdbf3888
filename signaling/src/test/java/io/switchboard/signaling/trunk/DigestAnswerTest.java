package io.switchboard.signaling.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestAnswerTest {
    /** RFC 2617 §3.5's worked example (Mufasa), the response every Digest implementation must reproduce. */
    @Test
    void answersTheWorkedExampleOfRfc2617_3_5() {
        Map<String, String> c = DigestAnswer.challenge("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"").orElseThrow();
        String a = DigestAnswer.answer(c, "GET", "/dir/index.html", "Mufasa", "Circle Of Life", 1, "0a4f113b").orElseThrow();
        assertThat(a).contains("response=\"6629fae49393a05397450978507c4ef1\"", "qop=auth", "nc=00000001", "cnonce=\"0a4f113b\"",
                "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", "realm=\"testrealm@host.com\"", "uri=\"/dir/index.html\"");
    }

    @Test
    void withoutQopTheRfc2069FormIsUsed_rfc7616_3_4_1() {
        Map<String, String> c = DigestAnswer.challenge("Digest realm=\"r\", nonce=\"n\"").orElseThrow();
        String a = DigestAnswer.answer(c, "REGISTER", "sip:p.example", "u", "p", 1, "x").orElseThrow();
        // MD5(MD5(u:r:p):n:MD5(REGISTER:sip:p.example))
        String ha1 = io.switchboard.signaling.auth.DigestAlgorithm.MD5.hash("u:r:p");
        String ha2 = io.switchboard.signaling.auth.DigestAlgorithm.MD5.hash("REGISTER:sip:p.example");
        assertThat(a).contains("response=\"" + io.switchboard.signaling.auth.DigestAlgorithm.MD5.hash(ha1 + ":n:" + ha2) + "\"")
                .doesNotContain("qop=", "cnonce");
    }

    @Test
    void sha256IsAnsweredAndAnUnknownAlgorithmIsNot_rfc8760() {
        Map<String, String> sha = DigestAnswer.challenge("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256, qop=\"auth\"").orElseThrow();
        assertThat(DigestAnswer.answer(sha, "REGISTER", "sip:x", "u", "p", 1, "c").orElseThrow()).contains("algorithm=SHA-256");
        Map<String, String> odd = DigestAnswer.challenge("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256").orElseThrow();
        assertThat(DigestAnswer.answer(odd, "REGISTER", "sip:x", "u", "p", 1, "c")).isEmpty();
    }

    @Test
    void aChallengeThatIsNotDigestOrLacksTheNonceIsNoChallenge() {
        assertThat(DigestAnswer.challenge("Basic realm=\"r\"")).isEmpty();
        assertThat(DigestAnswer.challenge("Digest realm=\"r\"")).isEmpty();
        assertThat(DigestAnswer.challenge("Digest realm=\"a \\\"quoted\\\" realm\", nonce=\"n\"").orElseThrow().get("realm"))
                .isEqualTo("a \"quoted\" realm");
    }
}
