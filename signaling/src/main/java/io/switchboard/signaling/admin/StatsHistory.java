package io.switchboard.signaling.admin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The last hour of this signaling member's figures for the portal's dashboard: one point every
 * {@link #INTERVAL_SECONDS} s (registrations, active calls, sessions per worker node), at most
 * {@link #MAX_POINTS}, the oldest dropped first. Bounded and in memory on purpose: Prometheus, which
 * scrapes /metrics, is the long-term store.
 */
public final class StatsHistory {
    public static final int INTERVAL_SECONDS = 10;
    public static final int MAX_POINTS = 360;

    /** @param nodes worker node name to its sessions, for the nodes heartbeating at {@code t} */
    public record Point(long t, int registrations, int calls, Map<String, Integer> nodes) {
        public Point {
            nodes = Map.copyOf(nodes);
        }
    }

    private final ArrayDeque<Point> points = new ArrayDeque<>(MAX_POINTS);

    public synchronized void record(Point p) {
        if (points.size() == MAX_POINTS) {
            points.removeFirst();
        }
        points.addLast(p);
    }

    /** Oldest first. */
    public synchronized List<Point> points() {
        return new ArrayList<>(points);
    }
}
