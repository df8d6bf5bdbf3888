package io.switchboard.common.cluster;

/**
 * A server as the operator sees it: the inventory joined with the live heartbeat.
 * Only {@link #ONLINE} servers are given new sessions.
 */
public enum ServerStatus {
    /** In the inventory, enabled, heartbeating. */
    ONLINE,
    /** In the inventory, enabled, not heartbeating (stopped, dead, never started). */
    OFFLINE,
    /** In the inventory and disabled: draining its current sessions, or stopped; never given new ones. */
    DISABLED,
    /** Heartbeating with a name nobody added (or added as another type): shown, never given work. */
    UNKNOWN;

    /** The API's and the CLI's spelling. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
