package io.switchboard.signaling.auth;

/** Result of checking a request's digest credentials; everything but {@link #AUTHENTICATED} gets a new challenge. */
public enum AuthOutcome {
    AUTHENTICATED,
    /** No credentials for our realm: the first request of a phone. */
    MISSING,
    /** The nonce is ours but expired: challenge with {@code stale=true} (RFC 7616 §3.5). */
    STALE,
    /** Wrong password, unknown or disabled user, forged nonce, replayed nonce-count, unsupported algorithm. */
    REJECTED,
    /** The header cannot be read; answered 400 naming the field. */
    MALFORMED
}
