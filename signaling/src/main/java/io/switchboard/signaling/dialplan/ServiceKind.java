package io.switchboard.signaling.dialplan;

/** A kind of service number, and the worker role whose servers answer it. */
public enum ServiceKind {
    IVR("ivr", "IVR application"),
    QUEUE("queue", "queue"),
    MEETING("meeting", "meeting room");

    private final String role;
    private final String noun;

    ServiceKind(String role, String noun) {
        this.role = role;
        this.noun = noun;
    }

    /** The registry role of the servers that answer this kind of number. */
    public String role() {
        return role;
    }

    /** How an operator names it: "IVR application", "queue", "meeting room". */
    public String noun() {
        return noun;
    }
}
