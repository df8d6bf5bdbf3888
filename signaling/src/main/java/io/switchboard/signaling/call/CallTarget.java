package io.switchboard.signaling.call;

import io.switchboard.common.sip.SipTransportKind;
import java.net.InetSocketAddress;

/**
 * Where leg B's INVITE goes for one binding: its Contact as Request-URI, sent to the registered source
 * (RFC 3581); or, with {@code trunk}, to a provider over one trunk of an outbound route.
 */
record CallTarget(String contact, InetSocketAddress address, SipTransportKind transport, io.switchboard.signaling.trunk.TrunkHop trunk) {
    CallTarget(String contact, InetSocketAddress address, SipTransportKind transport) {
        this(contact, address, transport, null);
    }

    static CallTarget over(io.switchboard.signaling.trunk.TrunkHop hop) {
        SipTransportKind kind = switch (hop.trunk().transport()) {
            case UDP -> SipTransportKind.UDP;
            case TCP -> SipTransportKind.TCP;
            case TLS -> SipTransportKind.TLS;
        };
        return new CallTarget(hop.requestUri(), hop.address(), kind, hop);
    }
}
