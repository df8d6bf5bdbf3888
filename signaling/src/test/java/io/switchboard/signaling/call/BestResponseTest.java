package io.switchboard.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The caller's final response when every fork failed: RFC 3261 §16.7 step 6 in B2BUA form. */
class BestResponseTest {
    private final BestResponse best = new BestResponse();

    @Test
    void theLowestClassWins_rfc3261_16_7() {
        best.offer(486, "Busy Here");
        best.offer(404, "Not Found");
        best.offer(500, "Server Internal Error");
        assertThat(best.status()).isEqualTo(486);
        assertThat(best.reason()).isEqualTo("Busy Here");
    }

    @Test
    void aGlobalFailureWinsOverEverything_rfc3261_16_7() {
        best.offer(404, "Not Found");
        assertThat(best.offer(603, "Decline")).isEqualTo(603);
        best.offer(486, "Busy Here");
        assertThat(best.status()).isEqualTo(603);
        assertThat(best.reason()).isEqualTo("Decline");
    }

    @Test
    void a503IsNeverPassedOnButBecomes480_rfc3261_16_7() {
        assertThat(best.offer(503, "Service Unavailable")).isEqualTo(480);
        assertThat(best.status()).isEqualTo(480);
        assertThat(best.reason()).isEqualTo("Temporarily Unavailable");
    }

    @Test
    void theFirstOfOneClassIsKept() {
        best.offer(486, "Busy Here");
        best.offer(480, "Temporarily Unavailable");
        assertThat(best.status()).isEqualTo(486);
    }

    @Test
    void nothingYetIsZeroWithAReason() {
        assertThat(best.status()).isZero();
        assertThat(best.reason()).isEqualTo("Failed");
    }
}
