package io.switchboard.signaling.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdminLockoutTest {
    @Test
    void wrongPasswordsFromOneSourceBackOffExponentiallyAndOthersAreUntouched() {
        AtomicLong now = new AtomicLong(1_000_000);
        AdminLockout lockout = new AdminLockout(now::get);
        for (int i = 0; i < AdminLockout.FREE_FAILURES; i++) {
            lockout.failed("10.0.0.9");
        }
        assertThat(lockout.waitFor("10.0.0.9")).as("ten mistakes are free").isZero();
        lockout.failed("10.0.0.9");
        assertThat(lockout.waitFor("10.0.0.9")).isEqualTo(1_000);
        now.addAndGet(1_000);
        lockout.failed("10.0.0.9");
        assertThat(lockout.waitFor("10.0.0.9")).isEqualTo(2_000);
        assertThat(lockout.waitFor("10.0.0.8")).as("another source").isZero();
        for (int i = 0; i < 30; i++) {
            lockout.failed("10.0.0.9");
        }
        assertThat(lockout.waitFor("10.0.0.9")).isEqualTo(AdminLockout.MAX_LOCK_MILLIS);
        lockout.succeeded("10.0.0.9");
        assertThat(lockout.waitFor("10.0.0.9")).isZero();
    }
}
