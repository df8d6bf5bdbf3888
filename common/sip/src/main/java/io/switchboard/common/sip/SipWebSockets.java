package io.switchboard.common.sip;

import java.util.OptionalInt;

/**
 * SIP over WebSocket listeners (RFC 7118): plain {@code ws} (for tests and a TLS-terminating proxy in
 * front) and {@code wss} (browsers on https pages accept nothing else; needs {@link SipTls}). Each
 * empty: not served. Port 0 picks one.
 */
public record SipWebSockets(OptionalInt plainPort, OptionalInt securePort) {
    public static final SipWebSockets NONE = new SipWebSockets(OptionalInt.empty(), OptionalInt.empty());

    public SipWebSockets {
        check(plainPort);
        check(securePort);
    }

    private static void check(OptionalInt port) {
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException("WebSocket port must be 0..65535, got " + port.getAsInt());
        }
    }
}
