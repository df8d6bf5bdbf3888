package io.switchboard.signaling.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** request-digest computations checked against the worked examples of the RFCs. */
class DigestVectorsTest {

    @Test
    void md5WithQopAuthMatchesTheExample_rfc2617_3_5() {
        DigestCredentials c = new DigestCredentials("Mufasa", "testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "/dir/index.html", "6629fae49393a05397450978507c4ef1", null, "auth", "00000001", "0a4f113b");
        String ha1 = DigestAlgorithm.MD5.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        assertThat(c.expectedResponse(DigestAlgorithm.MD5, ha1, "GET")).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void md5AndSha256MatchTheExamples_rfc7616_3_9_1() {
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        DigestCredentials c = new DigestCredentials("Mufasa", "http-auth@example.org", nonce, "/dir/index.html",
                "", null, "auth", "00000001", cnonce);
        String md5 = DigestAlgorithm.MD5.ha1("Mufasa", "http-auth@example.org", "Circle of Life");
        String sha = DigestAlgorithm.SHA_256.ha1("Mufasa", "http-auth@example.org", "Circle of Life");
        assertThat(c.expectedResponse(DigestAlgorithm.MD5, md5, "GET")).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        assertThat(c.expectedResponse(DigestAlgorithm.SHA_256, sha, "GET"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void withoutQopTheRfc2069FormIsUsed_rfc2617_3_2_2_1() {
        DigestCredentials c = new DigestCredentials("1001", "switchboard", "abc", "sip:switchboard", "", null, null, null, null);
        String ha1 = DigestAlgorithm.MD5.ha1("1001", "switchboard", "pw");
        String ha2 = DigestAlgorithm.MD5.hash("REGISTER:sip:switchboard");
        assertThat(c.expectedResponse(DigestAlgorithm.MD5, ha1, "REGISTER"))
                .isEqualTo(DigestAlgorithm.MD5.hash(ha1 + ":abc:" + ha2));
    }

    @Test
    void algorithmTokensParseCaseInsensitivelyAndDefaultToMd5_rfc7616_3_3() {
        assertThat(DigestAlgorithm.fromToken(null)).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.fromToken("sha-256")).contains(DigestAlgorithm.SHA_256);
        assertThat(DigestAlgorithm.fromToken("SHA-512-256")).isEmpty();
    }
}
