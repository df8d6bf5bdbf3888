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

    /** The merge policy of the epoch's map (call on every data member's Config). */
    public static void configure(com.hazelcast.config.Config config) {
        config.getMapConfig(MAP).getMergePolicyConfig().setPolicy(HigherEpochMergePolicy.class.getName());
    }

    /** On promotion: raises the cluster's epoch (compare-and-set loop) and takes it as this member's. */
    public long claim() {
        return claim(() -> true);
    }

    /**
     * Like {@link #claim()}, but only while {@code mayClaim} holds, asked before each compare-and-set:
     * the reads may wait for the cluster to settle a partition, after which this member may find
     * itself on the cut-off side, where a claim must not be made. Returns 0 when it was not made.
     */
    public long claim(java.util.function.BooleanSupplier mayClaim) {
        while (true) {
            Long now = map.get(KEY);
            if (!mayClaim.getAsBoolean()) {
                return 0;
            }
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

    /** The cluster's epoch, without blocking the caller (for the health API during a partition). */
    public java.util.concurrent.CompletableFuture<Long> currentAsync() {
        return map.getAsync(KEY).toCompletableFuture().thenApply(now -> now == null ? 0L : now);
    }

    /** Whether this member may write call state: it holds the cluster's epoch. One read. */
    public boolean holds() {
        return mine != 0 && current() == mine;
    }
}
