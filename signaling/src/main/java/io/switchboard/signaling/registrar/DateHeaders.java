package io.switchboard.signaling.registrar;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The Date field of a 200 to REGISTER (RFC 3261 §10.3 step 8, §20.17: {@code Date: Sat, 13 Nov
 * 2010 23:29:00 GMT}, the day in two digits), formatted once per second and shared by every
 * response of that second.
 */
final class DateHeaders {
    private static final DateTimeFormatter SIP_DATE =
            DateTimeFormatter.ofPattern("'Date: 'EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Stamp(long second, String line) {
    }

    private volatile Stamp current = new Stamp(Long.MIN_VALUE, null);

    /** The whole field, {@code "Date: ..."}, without line end. */
    String at(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Stamp s = current;
        if (s.second() == second) {
            return s.line();
        }
        // Rare: once a second; two loops racing here build the same value.
        String line = SIP_DATE.format(Instant.ofEpochSecond(second));
        current = new Stamp(second, line);
        return line;
    }
}
