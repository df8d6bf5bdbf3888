package io.switchboard.common.worker;

/**
 * Who this worker is to callers and to signaling.
 *
 * @param name              the role as the node registry and metrics know it ({@code ivr}); also the
 *                          user part of our Contact and Referred-By
 * @param label             the role in reason phrases and logs ({@code IVR})
 * @param advertisedAddress the address put in Contact and SDP: signaling and media servers reach us there
 * @param maxSessions       live calls at most; the next INVITE gets 503 and signaling tries another node
 */
public record WorkerRole(String name, String label, String advertisedAddress, int maxSessions) {
    public WorkerRole {
        if (name == null || name.isBlank() || label == null || label.isBlank()) {
            throw new IllegalArgumentException("a worker role needs a name and a label");
        }
        if (advertisedAddress == null || advertisedAddress.isBlank()) {
            throw new IllegalArgumentException("a worker role needs an advertised address");
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, not " + maxSessions);
        }
    }
}
