package io.switchboard.signaling.call;

import io.switchboard.common.config.Settings;
import java.time.Duration;

/** {@code call.*} keys. */
public record CallSettings(Duration noAnswerTimeout, Duration sessionExpires, Duration parkTimeout) {

    public CallSettings(Duration noAnswerTimeout) {
        this(noAnswerTimeout, Duration.ofMinutes(30), Duration.ofMinutes(3));
    }

    public static CallSettings from(Settings s) {
        Duration expires = s.duration("call.session-expires", Duration.ZERO, Duration.ofHours(24));
        if (!expires.isZero() && expires.toSeconds() < SessionTimer.MIN_SE) {
            throw new io.switchboard.common.config.ConfigException("call.session-expires",
                    "must be 0 (off) or at least " + SessionTimer.MIN_SE + "s (RFC 4028 Min-SE), got " + expires.toSeconds() + "s");
        }
        return new CallSettings(s.duration("call.no-answer-timeout", Duration.ofSeconds(5), Duration.ofMinutes(10)), expires,
                s.duration("call.park-timeout", Duration.ofSeconds(10), Duration.ofHours(1)));
    }
}
