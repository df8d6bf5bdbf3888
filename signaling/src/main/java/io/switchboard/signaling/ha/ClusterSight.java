package io.switchboard.signaling.ha;

import java.time.Duration;

/**
 * Whether this pair member is fit to hold the virtual IP, judged from the cluster members it sees.
 * keepalived alone cannot tell a dead peer from a cut link: when the pair's link is cut, both
 * members stop hearing adverts and both take the address. Hazelcast settles such a partition within
 * {@code cluster.member-timeout}: its master keeps the largest set of members that see each other and
 * leaves the other side alone in a cluster of its own. The workers (media, queue, meeting, IVR: the
 * cluster's lite members) are the arbiter: a member that saw its peer and workers, and then finds
 * itself alone, is the cut-off side and steps down (its health beat says "unfit", the watchdog marks
 * it faulty, and keepalived gives the address up).
 *
 * <p>A member alone stays fit when it has no arbiter (it saw no workers before) or no rival (its
 * peer was already gone for longer than {@code peerMemory}): stepping down would only leave the pair
 * without an active. So does a member alone from its start (a pair brought up one at a time). A
 * member found cut off stays unfit until it sees another member again (the partition healed).
 * Plain object, fed from one thread (the health beat's); {@link #fit()} and {@link #why()} may be
 * read from any.
 */
public final class ClusterSight {
    private final long peerMemoryMillis;
    private boolean sawWorkers;
    private long peerSeenAt = Long.MIN_VALUE;
    private volatile boolean fit = true;
    private volatile String why = "alone in the cluster since its start";

    /** @param peerMemory how long after losing sight of its peer a member still counts it as a rival */
    public ClusterSight(Duration peerMemory) {
        this.peerMemoryMillis = peerMemory.toMillis();
    }

    /**
     * One look at the cluster at {@code nowMillis} (a monotonic clock): {@code peers} other signaling
     * (data) members and {@code workers} lite members besides this one. Returns whether this member
     * is fit to hold the virtual IP.
     */
    public synchronized boolean see(int peers, int workers, long nowMillis) {
        if (peers < 0 || workers < 0) {
            throw new IllegalArgumentException("negative member count: " + peers + " peers, " + workers + " workers");
        }
        if (peers > 0) {
            peerSeenAt = nowMillis;
        }
        if (peers + workers > 0) {
            sawWorkers = workers > 0;
            fit = true;
            why = "sees " + plural(peers, "signaling peer") + " and " + plural(workers, "worker");
        } else if (!fit) {
            // Still cut off: unfit until it sees another member, however long that takes.
            return false;
        } else if (!sawWorkers) {
            fit = true;
            if (!why.startsWith("alone in the cluster since its start")) {
                why = "alone in the cluster; it saw no worker before, so it cannot tell a cut link from its peer's death";
            }
        } else if (peerSeenAt == Long.MIN_VALUE || nowMillis - peerSeenAt > peerMemoryMillis) {
            fit = true;
            why = "alone in the cluster; its peer was gone before its workers, so no other member can be active";
        } else {
            fit = false;
            why = "alone in the cluster after losing sight of its peer and its workers: the cut-off side of a partition";
        }
        return fit;
    }

    public boolean fit() {
        return fit;
    }

    /** What the last look saw, for the health API and the log. */
    public String why() {
        return why;
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
