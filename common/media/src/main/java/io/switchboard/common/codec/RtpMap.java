package io.switchboard.common.codec;

import java.util.Locale;
import java.util.Optional;

/**
 * One {@code a=rtpmap:<pt> <name>/<clock>[/<channels>]} (RFC 4566 section 6), or the RFC 3551
 * static meaning of a payload type listed without one (0 = PCMU/8000, 8 = PCMA/8000, 9 = G722/8000).
 */
public record RtpMap(int payloadType, String name, int clockRate, int channels) {
    public RtpMap {
        name = name.toUpperCase(Locale.ROOT);
    }

    /** Parses the attribute value after {@code rtpmap:}; empty when malformed. */
    public static Optional<RtpMap> parse(String value) {
        String[] f = value.trim().split("\\s+", 2);
        if (f.length != 2 || !f[0].matches("\\d{1,3}")) {
            return Optional.empty();
        }
        String[] enc = f[1].split("/");
        if (enc.length < 2 || !enc[1].matches("\\d{1,6}") || (enc.length > 2 && !enc[2].matches("\\d{1,2}"))) {
            return Optional.empty();
        }
        return Optional.of(new RtpMap(Integer.parseInt(f[0]), enc[0], Integer.parseInt(enc[1]),
                enc.length > 2 ? Integer.parseInt(enc[2]) : 1));
    }

    /** RFC 3551 table 4 for the static payload types we may meet without an rtpmap. */
    public static Optional<RtpMap> staticType(int payloadType) {
        return switch (payloadType) {
            case 0 -> Optional.of(new RtpMap(0, "PCMU", 8000, 1));
            case 8 -> Optional.of(new RtpMap(8, "PCMA", 8000, 1));
            // G.722 samples at 16 kHz but its RTP clock is 8000 for historic reasons (RFC 3551 section 4.5.2).
            case 9 -> Optional.of(new RtpMap(9, "G722", 8000, 1));
            case 18 -> Optional.of(new RtpMap(18, "G729", 8000, 1));
            default -> Optional.empty();
        };
    }

    public boolean sameFormat(String otherName, int otherClockRate) {
        return name.equalsIgnoreCase(otherName) && clockRate == otherClockRate;
    }

    /** The attribute value, e.g. {@code 101 telephone-event/8000}. */
    public String attributeValue() {
        return payloadType + " " + name + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }
}
