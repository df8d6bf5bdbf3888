package io.switchboard.common.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
    @Test
    void aFloodOfMalformedMessagesWritesOneLinePerIntervalAndCountsTheRest() {
        AtomicLong now = new AtomicLong(1_000);
        LogLimiter limiter = new LogLimiter(100, now::get);
        assertThat(limiter.admit()).isZero();
        int logged = 0;
        for (int i = 0; i < 300_000; i++) {
            if (limiter.admit() >= 0) {
                logged++;
            }
        }
        assertThat(logged).isZero();
        now.addAndGet(100);
        assertThat(limiter.admit()).isEqualTo(300_000);
        assertThat(limiter.admit()).isEqualTo(-1);
    }
}
