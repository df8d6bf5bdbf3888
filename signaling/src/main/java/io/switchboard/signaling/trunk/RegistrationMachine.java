package io.switchboard.signaling.trunk;

import java.time.Duration;
import java.time.Instant;

/**
 * The decisions of one trunk's outbound registration (RFC 3261 §10.2), without I/O: what to do after
 * each answer. A 2xx registers it until the granted expiry, refreshed ahead of it; a first 401/407 is
 * answered with credentials; a second one for the same REGISTER, any other failure, a timeout or a
 * transport error count as a failure and the next attempt waits longer each time (exponential
 * backoff, {@link #BACKOFF_BASE} to {@link #BACKOFF_MAX}), so a provider that is down or refuses us
 * is not hammered. A 423 (Interval Too Brief) retries at once with its Min-Expires.
 */
public final class RegistrationMachine {
    static final Duration BACKOFF_BASE = Duration.ofSeconds(5);
    static final Duration BACKOFF_MAX = Duration.ofMinutes(5);

    /** What the I/O side does next. */
    public sealed interface Next {
        /** Send the REGISTER again now, with credentials for this challenge. */
        record Authenticate(String challengeHeader, boolean proxy) implements Next {
        }

        /** Send a fresh REGISTER at {@code at}. */
        record RegisterAt(Instant at) implements Next {
        }
    }

    private final String trunk;
    private int expires;
    private String state = "registering";
    private String answer = "";
    private Instant since;
    private Instant expiresAt;
    private Instant nextAttempt;
    private int failures;
    private boolean challenged;

    public RegistrationMachine(String trunk, int expires, Instant now) {
        this.trunk = trunk;
        this.expires = expires;
        this.since = now;
        this.nextAttempt = now;
    }

    /** The Expires we ask for. */
    public int expires() {
        return expires;
    }

    /** A new REGISTER (not an authenticated retry) is being sent. */
    public void sending() {
        challenged = false;
    }

    /**
     * A final response to our REGISTER: {@code granted} the expiry the 2xx grants our Contact (its
     * Contact's expires, else Expires; -1 when it says none), {@code challenge} the WWW- or
     * Proxy-Authenticate of a 401/407, {@code minExpires} a 423's Min-Expires (-1 when absent).
     */
    public synchronized Next answered(int status, String reason, int granted, String challenge, int minExpires, Instant now) {
        String said = status + " " + reason;
        if (status >= 200 && status < 300) {
            int g = granted > 0 ? granted : expires;
            set("registered", said, now);
            failures = 0;
            expiresAt = now.plusSeconds(g);
            // Ahead of expiry: half of a short grant, else 60 s before, so one lost refresh has time for another.
            nextAttempt = now.plusSeconds(g <= 120 ? g / 2 : g - 60);
            return new Next.RegisterAt(nextAttempt);
        }
        if ((status == 401 || status == 407) && challenge != null && !challenged) {
            challenged = true;
            return new Next.Authenticate(challenge, status == 407);
        }
        if (status == 423 && minExpires > expires && minExpires <= 86_400) {
            expires = minExpires;
            return new Next.RegisterAt(now);
        }
        return failed(said, now);
    }

    /** No final response (Timer F) or the transport failed. */
    public synchronized Next failed(String why, Instant now) {
        failures++;
        set("failed", why, now);
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            expiresAt = null;
        }
        long backoff = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_BASE.toMillis() << Math.min(failures - 1, 16));
        nextAttempt = now.plusMillis(backoff);
        return new Next.RegisterAt(nextAttempt);
    }

    private void set(String newState, String said, Instant now) {
        if (!newState.equals(state)) {
            since = now;
        }
        state = newState;
        answer = said;
    }

    public synchronized RegistrationStatus status() {
        return new RegistrationStatus(trunk, state, answer, since, expiresAt, nextAttempt, failures);
    }
}
