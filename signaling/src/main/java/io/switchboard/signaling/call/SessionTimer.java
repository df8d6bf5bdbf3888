package io.switchboard.signaling.call;

import java.util.Locale;

/**
 * A session timer agreed for one leg (RFC 4028): the session interval in seconds, whether we are the
 * refresher, and whether the peer supports the extension (then our 2xx says {@code Require: timer}).
 * The negotiation rules live here, apart from the call, as plain decisions on header values.
 */
public record SessionTimer(int seconds, boolean weRefresh, boolean peerSupports) {
    /** Our Min-SE: the smallest interval RFC 4028 §4 allows anyone to ask for. */
    static final int MIN_SE = 90;

    /** When a refresh is due from us: half the interval (RFC 4028 §10). */
    long refreshAfterMillis() {
        return seconds * 1000L / 2;
    }

    /** When the session counts as dead without a refresh: the interval less min(32 s, a third of it) (RFC 4028 §10). */
    long expireAfterMillis() {
        return (seconds - Math.min(32, seconds / 3)) * 1000L;
    }

    /** Session-Expires for a response of ours on this leg, as the UAS of the caller's INVITE. */
    String sessionExpiresAsUas() {
        return seconds + ";refresher=" + (weRefresh ? "uas" : "uac");
    }

    /**
     * What the caller's INVITE gets (RFC 4028 §9, we are the UAS): {@code sessionExpires} and {@code minSe}
     * are its header values or null, {@code ours} our interval in seconds (0: we ask for none). A caller
     * that named itself refresher ({@code refresher=uac}) refreshes; otherwise we do (RFC 4028 §9 lets the UAS
     * choose when the request does not: we choose the side we know will refresh).
     */
    static Negotiated asUas(String sessionExpires, String minSe, boolean supportsTimer, int ours) {
        int asked = sessionExpires == null ? 0 : seconds(sessionExpires);
        if (sessionExpires != null && asked < MIN_SE) {
            return Negotiated.tooSmall(MIN_SE);
        }
        int floor = Math.max(MIN_SE, minSe == null ? 0 : seconds(minSe));
        int interval;
        if (asked > 0) {
            interval = ours > 0 ? Math.min(asked, ours) : asked;
        } else if (ours > 0) {
            interval = ours;
        } else {
            return Negotiated.none();
        }
        interval = Math.max(interval, floor);
        String refresher = sessionExpires == null ? null : param(sessionExpires, "refresher");
        boolean weRefresh = !supportsTimer || !"uac".equals(refresher);
        return Negotiated.agreed(new SessionTimer(interval, weRefresh, supportsTimer));
    }

    /**
     * What the callee's 2xx to our INVITE (which asked for {@code asked} seconds) settles (RFC 4028 §7.2,
     * we are the UAC): its Session-Expires names the interval and the refresher; without one the callee
     * knows no timers and we refresh it ourselves at the interval we asked.
     */
    static SessionTimer asUac(String sessionExpires, int asked) {
        if (sessionExpires == null) {
            return new SessionTimer(asked, true, false);
        }
        int granted = seconds(sessionExpires);
        if (granted < MIN_SE) {
            granted = asked;
        }
        return new SessionTimer(granted, !"uas".equals(param(sessionExpires, "refresher")), true);
    }

    /** The delta-seconds of a Session-Expires or Min-SE value; 0 when it does not parse. */
    static int seconds(String value) {
        String v = value.trim();
        int semi = v.indexOf(';');
        String n = (semi < 0 ? v : v.substring(0, semi)).trim();
        try {
            long s = Long.parseLong(n);
            return s < 0 ? 0 : (int) Math.min(s, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String param(String value, String name) {
        for (String part : value.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return part.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** The outcome for the caller's INVITE: a timer, none, or 422 naming the smallest interval we take. */
    record Negotiated(SessionTimer timer, int minSeRequired) {
        static Negotiated none() {
            return new Negotiated(null, 0);
        }

        static Negotiated agreed(SessionTimer timer) {
            return new Negotiated(timer, 0);
        }

        static Negotiated tooSmall(int minSe) {
            return new Negotiated(null, minSe);
        }

        boolean refused() {
            return minSeRequired > 0;
        }
    }
}
