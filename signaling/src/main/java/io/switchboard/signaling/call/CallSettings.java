package io.switchboard.signaling.call;

import io.switchboard.common.config.Settings;
import java.time.Duration;

/** {@code call.*} keys. */
public record CallSettings(Duration noAnswerTimeout) {

    public static CallSettings from(Settings s) {
        return new CallSettings(s.duration("call.no-answer-timeout", Duration.ofSeconds(5), Duration.ofMinutes(10)));
    }
}
