package io.switchboard.signaling.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegistrationMachineTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aChallengeIsAnsweredOnceAndA2xxRegistersUntilARefreshAheadOfExpiry_rfc3261_10_2_1() {
        RegistrationMachine m = new RegistrationMachine("p", 600, T0);
        m.sending();
        assertThat(m.answered(401, "Unauthorized", -1, "Digest realm=\"r\", nonce=\"n\"", -1, T0))
                .isInstanceOf(RegistrationMachine.Next.Authenticate.class);
        RegistrationMachine.Next next = m.answered(200, "OK", 300, null, -1, T0.plusMillis(20));
        assertThat(next).isEqualTo(new RegistrationMachine.Next.RegisterAt(T0.plusMillis(20).plusSeconds(240)));
        assertThat(m.status().state()).isEqualTo("registered");
        assertThat(m.status().expiresAt()).isEqualTo(T0.plusMillis(20).plusSeconds(300));
        // A short grant is refreshed at half of it.
        m.sending();
        assertThat(m.answered(200, "OK", 60, null, -1, T0)).isEqualTo(new RegistrationMachine.Next.RegisterAt(T0.plusSeconds(30)));
    }

    @Test
    void aSecondChallengeForOneRegisterIsAFailureNotALoop_rfc3261_22_2() {
        RegistrationMachine m = new RegistrationMachine("p", 600, T0);
        m.sending();
        m.answered(401, "Unauthorized", -1, "Digest realm=\"r\", nonce=\"n\"", -1, T0);
        RegistrationMachine.Next next = m.answered(401, "Unauthorized", -1, "Digest realm=\"r\", nonce=\"n2\"", -1, T0);
        assertThat(next).isEqualTo(new RegistrationMachine.Next.RegisterAt(T0.plusSeconds(5)));
        assertThat(m.status().state()).isEqualTo("failed");
        assertThat(m.status().answer()).isEqualTo("401 Unauthorized");
    }

    @Test
    void failuresBackOffExponentiallyUpToFiveMinutesAndASuccessResetsThem() {
        RegistrationMachine m = new RegistrationMachine("p", 600, T0);
        long[] expected = {5, 10, 20, 40, 80, 160, 300, 300};
        for (long seconds : expected) {
            m.sending();
            assertThat(m.answered(503, "Service Unavailable", -1, null, -1, T0))
                    .isEqualTo(new RegistrationMachine.Next.RegisterAt(T0.plusSeconds(seconds)));
        }
        assertThat(m.failed("no answer (timeout)", T0)).isEqualTo(new RegistrationMachine.Next.RegisterAt(T0.plusSeconds(300)));
        assertThat(m.status().failures()).isEqualTo(9);
        m.sending();
        m.answered(200, "OK", 600, null, -1, T0);
        assertThat(m.status().failures()).isZero();
    }

    @Test
    void intervalTooBriefRetriesAtOnceWithMinExpires_rfc3261_10_2_8() {
        RegistrationMachine m = new RegistrationMachine("p", 60, T0);
        m.sending();
        assertThat(m.answered(423, "Interval Too Brief", -1, null, 3600, T0)).isEqualTo(new RegistrationMachine.Next.RegisterAt(T0));
        assertThat(m.expires()).isEqualTo(3600);
    }
}
