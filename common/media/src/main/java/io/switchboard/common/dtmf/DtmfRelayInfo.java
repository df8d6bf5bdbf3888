package io.switchboard.common.dtmf;

import java.util.Locale;
import java.util.Optional;

/**
 * The body of a SIP INFO carrying a key press. {@code application/dtmf-relay} (Cisco's format, the
 * one phones send): {@code Signal=5} and {@code Duration=160} lines (milliseconds), CRLF or LF,
 * spaces allowed around '='; {@code Signal=10} and {@code 11} are read as * and # as some gateways
 * send them. {@code application/dtmf} (a bare digit) is accepted too.
 */
public record DtmfRelayInfo(char digit, int durationMs) {
    public static final int DEFAULT_DURATION_MS = 250;

    /** The key press in the body, or empty (and the INFO is answered 200 all the same). */
    public static Optional<DtmfRelayInfo> parse(String contentType, String body) {
        if (body == null) {
            return Optional.empty();
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        if (type.equals("application/dtmf")) {
            return digit(body.trim()).map(d -> new DtmfRelayInfo(d, DEFAULT_DURATION_MS));
        }
        if (!type.isEmpty() && !type.equals("application/dtmf-relay")) {
            return Optional.empty();
        }
        Character digit = null;
        int duration = DEFAULT_DURATION_MS;
        for (String line : body.split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).trim();
            if (key.equals("signal")) {
                digit = digit(value).orElse(null);
            } else if (key.equals("duration") && value.matches("\\d{1,6}")) {
                duration = Integer.parseInt(value);
            }
        }
        return digit == null ? Optional.empty() : Optional.of(new DtmfRelayInfo(digit, duration));
    }

    private static Optional<Character> digit(String value) {
        if (value.equals("10")) {
            return Optional.of('*');
        }
        if (value.equals("11")) {
            return Optional.of('#');
        }
        if (value.length() == 1 && DtmfDigit.event(value.charAt(0)) >= 0) {
            return Optional.of(Character.toUpperCase(value.charAt(0)));
        }
        return Optional.empty();
    }
}
