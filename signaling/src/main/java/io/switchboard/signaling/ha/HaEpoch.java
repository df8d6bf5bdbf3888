package io.switchboard.signaling.ha;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * The fencing epoch of the pair ({@value #MAP} map, one key): each promotion raises it, and the
 * member remembers the value it raised it to. A member whose epoch is no longer the cluster's was
 * replaced (it was frozen, or cut off and then came back): it must not write call state, or its
 * stale view would overwrite the new active's.
 */
public final class HaEpoch {
    public static final String MAP = "ha-epoch";
    private static final String KEY = "epoch";

    private final IMap<String, Long> map;
    private volatile long mine;

    public HaEpoch(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
    }

    /** On promotion: raises the cluster's epoch (compare-and-set loop) and takes it as this member's. */
    public long claim() {
        while (true) {
            Long now = map.get(KEY);
            long next = now == null ? 1 : now + 1;
            boolean won = now == null ? map.putIfAbsent(KEY, next) == null : map.replace(KEY, now, next);
            if (won) {
                mine = next;
                return next;
            }
        }
    }

    /** This member's epoch (0 before it was ever active). */
    public long mine() {
        return mine;
    }

    /** The cluster's epoch now (one read). */
    public long current() {
        Long now = map.get(KEY);
        return now == null ? 0 : now;
    }

    /** Whether this member may write call state: it holds the cluster's epoch. One read. */
    public boolean holds() {
        return mine != 0 && current() == mine;
    }
}
