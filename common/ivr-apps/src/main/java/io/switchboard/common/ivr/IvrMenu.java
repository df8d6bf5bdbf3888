package io.switchboard.common.ivr;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One menu: play {@code prompt}, then act on the caller's keys.
 *
 * @param digits            one key ({@code 0-9 * #}) to the action it triggers
 * @param interDigitTimeout longest pause between two keys of one entry
 * @param overallTimeout    longest time for a whole entry, from the end of the prompt (or the
 *                          first key, when the caller barges in)
 * @param invalidPrompt     played after a key that is not in the menu, before the menu again
 * @param timeoutPrompt     played when the caller pressed nothing, before the menu again
 * @param goodbyePrompt     played before hanging up when the retries are used up
 * @param retries           how many invalid entries or timeouts are forgiven; one more hangs up
 * @param input             multi-digit entry ("enter the extension"), if the menu takes one
 */
public record IvrMenu(String name, String prompt, Map<String, IvrAction> digits, Duration interDigitTimeout,
                      Duration overallTimeout, Optional<String> invalidPrompt, Optional<String> timeoutPrompt,
                      Optional<String> goodbyePrompt, int retries, Optional<DigitInput> input) {

    public static final Duration DEFAULT_INTER_DIGIT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_OVERALL_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_RETRIES = 3;

    public IvrMenu {
        digits = Collections.unmodifiableMap(new LinkedHashMap<>(digits));
    }

    /** The action bound to one key, if any. */
    public Optional<IvrAction> action(char key) {
        return Optional.ofNullable(digits.get(String.valueOf(key)));
    }
}
