package io.switchboard.common.worker;

/** The status line of a {@code message/sipfrag} body (RFC 3420), as REFER's NOTIFYs carry it (RFC 3515 §2.4.5). */
final class Sipfrag {
    private Sipfrag() {
    }

    /** The status code of {@code body}'s first line, or 0 when it is no SIP status line. */
    static int status(String body) {
        String s = body.strip();
        if (!s.startsWith("SIP/2.0 ") || s.length() < 11) {
            return 0;
        }
        try {
            return Integer.parseInt(s.substring(8, 11));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
