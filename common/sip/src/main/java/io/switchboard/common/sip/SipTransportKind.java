package io.switchboard.common.sip;

/** Transports Switchboard listens on; the Via transport token is the upper-case name. */
public enum SipTransportKind {
    UDP, TCP, TLS;

    public boolean reliable() {
        return this != UDP;
    }
}
