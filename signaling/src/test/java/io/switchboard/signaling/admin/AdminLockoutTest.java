package io.switchboard.signaling.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Back-off for wrong admin passwords per source: local logic, and shared by two real Hazelcast members. */
class AdminLockoutTest {
    @Test
    void wrongPasswordsFromOneSourceBackOffExponentiallyAndOthersAreUntouched() {
        AtomicLong now = new AtomicLong(1_000_000);
        AdminLockout lockout = AdminLockout.local(now::get);
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
        lockout.succeeded("10.0.0.9", lockout.standing("10.0.0.9"));
        assertThat(lockout.standing("10.0.0.9")).isEqualTo(AdminLockout.Standing.CLEAN);
    }

    @Test
    void failuresCountedOnOneSignalingMemberLockTheSourceOutOnTheOther() {
        String cluster = "lockout-" + UUID.randomUUID();
        HazelcastInstance a = member(cluster);
        HazelcastInstance b = member(cluster);
        try {
            AdminLockout onA = AdminLockout.shared(a);
            AdminLockout onB = AdminLockout.shared(b);
            for (int i = 0; i < AdminLockout.FREE_FAILURES / 2; i++) {
                onA.failed("10.0.0.9");
                onB.failed("10.0.0.9");
            }
            assertThat(onB.waitFor("10.0.0.9")).as("ten mistakes in all are free").isZero();
            onA.failed("10.0.0.9");
            assertThat(onB.waitFor("10.0.0.9")).as("the eleventh, made on A, locks on B").isBetween(1L, 1_000L);
            onB.succeeded("10.0.0.9", onB.standing("10.0.0.9"));
            assertThat(onA.standing("10.0.0.9").hasFailures()).isFalse();
        } finally {
            b.shutdown();
            a.shutdown();
        }
    }

    private static HazelcastInstance member(String cluster) {
        return io.switchboard.signaling.testing.PairMembers.member(cluster, 5921, AdminLockout::configure);
    }
}
