package io.switchboard.common.dtmf;

/** DTMF digits and their RFC 4733 section 3.2 event codes: 0-9, * = 10, # = 11, A-D = 12-15. */
public final class DtmfDigit {
    private static final char[] BY_EVENT = "0123456789*#ABCD".toCharArray();

    private DtmfDigit() {
    }

    /** The digit of event code 0-15, or 0 for any other event (flash, tones of RFC 4734). */
    public static char ofEvent(int event) {
        return event >= 0 && event < 16 ? BY_EVENT[event] : 0;
    }

    /** The event code of a digit (case-insensitive for A-D), or -1. */
    public static int event(char digit) {
        char d = Character.toUpperCase(digit);
        for (int i = 0; i < BY_EVENT.length; i++) {
            if (BY_EVENT[i] == d) {
                return i;
            }
        }
        return -1;
    }
}
