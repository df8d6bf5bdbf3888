package io.switchboard.signaling.trunk;

import java.net.InetSocketAddress;

/**
 * One trunk to try for an outbound call: where the INVITE goes ({@code address}), the Request-URI
 * ({@code sip:SENT@HOST:PORT}), the From/To domain, and the credentials to answer the provider's
 * challenge with.
 */
public record TrunkHop(Trunk trunk, InetSocketAddress address, String sentNumber) {
    public String requestUri() {
        String t = trunk.transport() == Trunk.Transport.UDP ? "" : ";transport=" + trunk.transport().wire();
        return "sip:" + sentNumber + "@" + trunk.host() + (trunk.port() == 5060 ? "" : ":" + trunk.port()) + t;
    }

    public String domain() {
        return trunk.sipDomain();
    }
}
