package io.switchboard.signaling.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NonceServiceTest {
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final NonceService nonces = new NonceService(new byte[32], Duration.ofSeconds(300), clock);

    @Test
    void freshNonceIsValidAndExpiredOneIsStale_rfc7616_3_5() {
        String n = nonces.issue();
        assertThat(nonces.check(n)).isEqualTo(NonceService.Verdict.VALID);
        now.addAndGet(301_000);
        assertThat(nonces.check(n)).isEqualTo(NonceService.Verdict.STALE);
    }

    @Test
    void tamperedOrForeignNonceIsForged() {
        String n = nonces.issue();
        // Not the last character: its low bits are padding that a decoder ignores.
        int i = n.length() - 4;
        String tampered = n.substring(0, i) + (n.charAt(i) == 'A' ? 'B' : 'A') + n.substring(i + 1);
        assertThat(nonces.check(tampered)).isEqualTo(NonceService.Verdict.FORGED);
        assertThat(nonces.check("not-base64!")).isEqualTo(NonceService.Verdict.FORGED);
        NonceService other = new NonceService(new byte[] {1, 2, 3}, Duration.ofSeconds(300), clock);
        assertThat(other.check(n)).isEqualTo(NonceService.Verdict.FORGED);
    }

    @Test
    void nonceCountMustGrow_replayRefused_rfc7616_3_4() {
        String n = nonces.issue();
        assertThat(nonces.useCount(n, "00000001")).isEqualTo(NonceService.Verdict.VALID);
        assertThat(nonces.useCount(n, "00000001")).isEqualTo(NonceService.Verdict.REPLAYED);
        assertThat(nonces.useCount(n, "00000002")).isEqualTo(NonceService.Verdict.VALID);
        assertThat(nonces.useCount(n, "00000002")).isEqualTo(NonceService.Verdict.REPLAYED);
        assertThat(nonces.useCount(n, "zz")).isEqualTo(NonceService.Verdict.FORGED);
    }

    @Test
    void sweepForgetsCountsOfExpiredNonces() {
        String n = nonces.issue();
        nonces.useCount(n, "00000001");
        assertThat(nonces.trackedNonces()).isEqualTo(1);
        now.addAndGet(301_000);
        nonces.sweep();
        assertThat(nonces.trackedNonces()).isZero();
    }
}
