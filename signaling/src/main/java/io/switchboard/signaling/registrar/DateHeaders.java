package io.switchboard.signaling.registrar;

import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import javax.sip.header.DateHeader;
import javax.sip.header.HeaderFactory;

/**
 * The Date header of a 200 to REGISTER (RFC 3261 §10.3 step 8, §20.17), one per second shared by
 * every response of that second: a header is only read when the response is encoded, and building
 * a Calendar per response went through {@code TimeZone.getTimeZone}, synchronized in JDK 17.
 */
final class DateHeaders {
    private record Stamp(long second, DateHeader header) {
    }

    private final HeaderFactory headers;
    private final TimeZone gmt = TimeZone.getTimeZone("GMT");
    private volatile Stamp current = new Stamp(Long.MIN_VALUE, null);

    DateHeaders(HeaderFactory headers) {
        this.headers = headers;
    }

    DateHeader at(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Stamp s = current;
        if (s.second() == second) {
            return s.header();
        }
        // Rare: once a second; two loops racing here build the same value.
        Calendar c = new GregorianCalendar(gmt);
        c.setTimeInMillis(second * 1000);
        DateHeader h = headers.createDateHeader(c);
        current = new Stamp(second, h);
        return h;
    }
}
