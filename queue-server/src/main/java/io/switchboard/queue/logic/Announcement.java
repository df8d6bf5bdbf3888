package io.switchboard.queue.logic;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The prompts of a position announcement: "you are caller number P, estimated wait ...".
 *
 * <p>Positions 1-20 are said as {@code number-P}, later ones as {@code queue-many-callers-ahead}.
 * The wait is said as {@code queue-less-than-a-minute} under 60 s, as {@code number-N queue-minutes}
 * with N the minutes rounded up (1-20), as {@code queue-more-than-20-minutes} beyond; nothing is said
 * about the wait when there is no estimate yet.
 */
public final class Announcement {
    /** The highest number there is a {@code number-N} prompt for. */
    public static final int LARGEST_NUMBER = 20;

    public static final String YOU_ARE_CALLER = "queue-you-are-caller";
    public static final String MANY_CALLERS_AHEAD = "queue-many-callers-ahead";
    public static final String ESTIMATED_WAIT = "queue-estimated-wait";
    public static final String LESS_THAN_A_MINUTE = "queue-less-than-a-minute";
    public static final String MINUTES = "queue-minutes";
    public static final String MORE_THAN_20_MINUTES = "queue-more-than-20-minutes";

    private Announcement() {
    }

    /** The prompt saying {@code n} (1-20). */
    public static String number(int n) {
        if (n < 1 || n > LARGEST_NUMBER) {
            throw new IllegalArgumentException("no prompt for the number " + n);
        }
        return "number-" + n;
    }

    /**
     * The prompts for a caller at {@code position} (1 = next) with {@code estimatedSeconds}, empty
     * when no estimate is possible yet.
     */
    public static List<String> prompts(int position, OptionalLong estimatedSeconds) {
        if (position < 1) {
            throw new IllegalArgumentException("positions start at 1, got " + position);
        }
        List<String> out = new ArrayList<>();
        out.add(YOU_ARE_CALLER);
        out.add(position <= LARGEST_NUMBER ? number(position) : MANY_CALLERS_AHEAD);
        if (estimatedSeconds.isPresent()) {
            long seconds = Math.max(0, estimatedSeconds.getAsLong());
            out.add(ESTIMATED_WAIT);
            if (seconds < 60) {
                out.add(LESS_THAN_A_MINUTE);
            } else {
                long minutes = (seconds + 59) / 60; // rounded up: never promise less than it may take
                if (minutes <= LARGEST_NUMBER) {
                    out.add(number((int) minutes));
                    out.add(MINUTES);
                } else {
                    out.add(MORE_THAN_20_MINUTES);
                }
            }
        }
        return List.copyOf(out);
    }
}
