package io.switchboard.signaling.call;

import io.switchboard.common.sip.SipTransportKind;
import java.net.InetSocketAddress;

/** Where leg B's INVITE goes for one binding: its Contact as Request-URI, sent to the registered source (RFC 3581). */
record CallTarget(String contact, InetSocketAddress address, SipTransportKind transport) {
}
