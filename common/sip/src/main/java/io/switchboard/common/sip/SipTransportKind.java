package io.switchboard.common.sip;

/** Transports Switchboard listens on; the Via transport token is the upper-case name. */
public enum SipTransportKind {
    UDP, TCP, TLS,
    /** SIP over WebSocket (RFC 7118), plain and over TLS: one SIP message per WebSocket message. */
    WS, WSS;

    public boolean reliable() {
        return this != UDP;
    }
}
