package io.switchboard.common.sip;

import java.net.InetSocketAddress;

/** The transport path a message arrived on: transport, our local socket and the peer's real source (RFC 3261 §18.2.2, RFC 5626 "flow"). */
public record Flow(SipTransportKind transport, InetSocketAddress local, InetSocketAddress remote) {
}
