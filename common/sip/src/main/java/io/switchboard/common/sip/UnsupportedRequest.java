package io.switchboard.common.sip;

import java.util.Locale;

/**
 * Why a well-formed request was refused by the transport before any handler saw it; one entry per
 * {@code sip.unsupported} reason tag, with the status and phrase it is answered with (RFC 3261 §8.2.2).
 */
enum UnsupportedRequest {
    /** RFC 3261 §21.5.6: the Request-Line names a version other than SIP/2.0. */
    SIP_VERSION(505, "Version Not Supported"),
    /** RFC 3261 §8.2.2.1: a Request-URI scheme other than sip, sips or tel. */
    URI_SCHEME(416, "Unsupported URI Scheme"),
    /** RFC 3261 §8.2.2.3: Require lists an option tag outside {@link RequestInspection#SUPPORTED_OPTION_TAGS}. */
    OPTION_TAG(420, "Bad Extension");

    private final int status;
    private final String reasonPhrase;
    private final String tag;

    UnsupportedRequest(int status, String reasonPhrase) {
        this.status = status;
        this.reasonPhrase = reasonPhrase;
        this.tag = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    int status() {
        return status;
    }

    /** RFC 3261 §21's own phrase; the RI's differ in case and wording. */
    String reasonPhrase() {
        return reasonPhrase;
    }

    /** The {@code reason} tag of {@code sip.unsupported}. */
    String tag() {
        return tag;
    }
}
