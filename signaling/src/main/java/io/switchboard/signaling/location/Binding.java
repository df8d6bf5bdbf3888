package io.switchboard.signaling.location;

/**
 * One contact bound to an address of record (RFC 3261 §10.3). {@code source} is where the REGISTER
 * really came from (RFC 3581 received/rport), the address a phone behind NAT is reached at.
 *
 * @param contact    the Contact URI as the phone sent it
 * @param instanceId {@code +sip.instance} (RFC 5626 §4.1), empty when the phone sent none
 * @param source     {@code ip:port} the REGISTER arrived from
 * @param transport  UDP or TCP, the flow to reuse
 */
public record Binding(String contact, String instanceId, String callId, long cseq, long expiresAt,
                      String source, String transport, long registeredAt, String userAgent) {

    public Binding {
        instanceId = instanceId == null ? "" : instanceId;
        userAgent = userAgent == null ? "" : userAgent;
    }

    /** Same binding: same instance when both have one (RFC 5626 §6), else the same contact URI. */
    public boolean sameAs(Binding other) {
        if (!instanceId.isEmpty() && !other.instanceId.isEmpty()) {
            return instanceId.equals(other.instanceId);
        }
        return contact.equalsIgnoreCase(other.contact);
    }

    public long secondsLeft(long nowMillis) {
        return Math.max(0, (expiresAt - nowMillis + 999) / 1000);
    }
}
