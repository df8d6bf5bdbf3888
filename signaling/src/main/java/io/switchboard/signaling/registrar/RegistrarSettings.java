package io.switchboard.signaling.registrar;

import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.Settings;

/** {@code registrar.*} keys: expiry bounds (RFC 3261 §10.2.1.1, §10.3 step 7) and the contact limit. */
public record RegistrarSettings(int minExpires, int maxExpires, int defaultExpires, int maxContacts) {

    public static RegistrarSettings from(Settings s) {
        int min = s.integer("registrar.min-expires", 1, 86_400);
        int max = s.integer("registrar.max-expires", 1, 604_800);
        int def = s.integer("registrar.default-expires", 1, 604_800);
        if (max < min) {
            throw new ConfigException("registrar.max-expires", "must not be below registrar.min-expires (" + min + "), got " + max);
        }
        if (def < min || def > max) {
            throw new ConfigException("registrar.default-expires", "must lie between min-expires " + min + " and max-expires " + max + ", got " + def);
        }
        return new RegistrarSettings(min, max, def, s.integer("registrar.max-contacts", 1, 100));
    }
}
