package io.switchboard.signaling.trunk;

import java.time.Instant;

/**
 * Where a registration trunk stands, for the API: {@code state} is {@code registering},
 * {@code registered}, {@code failed} or {@code disabled}; {@code answer} the provider's last final
 * response ("200 OK", "403 Forbidden", "no answer (timeout)"); {@code expiresAt} when the binding
 * lapses; {@code nextAttempt} the next REGISTER (a refresh, or a retry after failures).
 */
public record RegistrationStatus(String trunk, String state, String answer, Instant since, Instant expiresAt,
                                 Instant nextAttempt, int failures) {
}
