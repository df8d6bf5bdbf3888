package io.switchboard.queue.logic;

import io.switchboard.common.queue.AgentState;
import io.switchboard.common.queue.AgentStatus;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.common.queue.QueueStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Decides whom to ring for one waiting caller, by the queue's strategy and tiers.
 *
 * <p><b>Who can be rung.</b> A member of the queue whose state {@link AgentState#canTakeCall can take
 * a call} now (an agent with no state counts as logged out), who is not busy on a direct call
 * (unless the queue {@link QueueDefinition#offerBusyAgents offers busy agents}) and who was not
 * tried yet for this caller in the current round.
 *
 * <p><b>Tiers.</b> Tier {@code t} is open once the caller has waited {@code (t - 1) * tierWait}
 * seconds; with a tier wait of 0 every tier is open at once. When no agent of the open tiers is
 * <i>present</i> (able to be rung now, or tried in this round and still ringing or on the call),
 * the lowest tier that has a present agent opens at once: Asterisk's penalty fallback, so a caller
 * never waits for a tier timer while nobody of the lower tiers could answer. Agents who were only
 * tried (missed the offer, available again) keep the next tier closed, so the tier wait keeps its
 * meaning: the caller goes round the open tiers until the next one's time comes. Among the open
 * tiers a lower tier always goes first and the strategy orders agents within it (the tier outranks
 * the strategy, like the penalty in Asterisk's metric); {@code RINGALL} rings every candidate of
 * every open tier.
 *
 * <p><b>Rounds.</b> When agents of the open tiers could be rung but every one of them was tried,
 * {@link Pick#roundExhausted()} says so and nothing is rung: the caller clears its tried set and
 * picks again (at once, or after a pause of its choosing).
 *
 * <p>Ties break by the queue's member order. The only state kept is each queue's last agent rung
 * for round-robin, in a concurrent map, so one picker may serve queues on several threads.
 */
public final class AgentPicker {

    /**
     * What to do for the caller now.
     *
     * @param ring           extensions to ring, in order: every candidate for ringall, at most one otherwise
     * @param roundExhausted every agent who could be rung was tried: clear the tried set and pick again
     */
    public record Pick(List<String> ring, boolean roundExhausted) {
        public Pick {
            ring = List.copyOf(ring);
        }

        public boolean isEmpty() {
            return ring.isEmpty();
        }
    }

    private static final Pick NOBODY = new Pick(List.of(), false);
    private static final Pick EXHAUSTED = new Pick(List.of(), true);

    // Queue name -> extension rung last by round-robin; per instance so every test starts afresh.
    private final Map<String, String> lastRung = new ConcurrentHashMap<>();

    /**
     * The agents to ring now for one caller.
     *
     * @param queue            the queue's definition (strategy, tiers, tier wait, members in order)
     * @param agents           agents' states by extension; members missing here count as logged out
     * @param now              the current time (epoch ms)
     * @param waitedMillis     how long this caller has waited
     * @param tried            extensions already rung for this caller in the current round
     * @param busyOnDirectCall agents on a call that is not from a queue
     * @param random           the source for {@code RANDOM} and {@code WEIGHTED_RANDOM}
     */
    public Pick pick(QueueDefinition queue, Map<String, AgentState> agents, long now, long waitedMillis,
                     Set<String> tried, Set<String> busyOnDirectCall, RandomGenerator random) {
        int open = openTier(queue.tierWait(), waitedMillis);
        List<QueueMember> able = new ArrayList<>();
        boolean presentInOpen = false;
        int lowestPresentAbove = Integer.MAX_VALUE;
        for (QueueMember m : queue.members()) {
            AgentState s = agents.get(m.extension());
            if (s == null) {
                s = AgentState.loggedOut(m.extension(), 0);
            }
            boolean canRing = s.canTakeCall(now) && (queue.offerBusyAgents() || !busyOnDirectCall.contains(m.extension()));
            if (canRing) {
                able.add(m);
            }
            boolean present = canRing || tried.contains(m.extension()) && engaged(s.status());
            if (present && m.tier() <= open) {
                presentInOpen = true;
            } else if (present) {
                lowestPresentAbove = Math.min(lowestPresentAbove, m.tier());
            }
        }
        if (!presentInOpen && lowestPresentAbove != Integer.MAX_VALUE) {
            open = lowestPresentAbove;
        }
        int openTier = open;
        List<QueueMember> ableInOpen = able.stream().filter(m -> m.tier() <= openTier).toList();
        List<QueueMember> candidates = ableInOpen.stream().filter(m -> !tried.contains(m.extension())).toList();
        if (candidates.isEmpty()) {
            return ableInOpen.isEmpty() ? NOBODY : EXHAUSTED;
        }
        if (queue.strategy() == QueueStrategy.RINGALL) {
            return new Pick(candidates.stream().map(QueueMember::extension).toList(), false);
        }
        int lowestTier = candidates.stream().mapToInt(QueueMember::tier).min().orElseThrow();
        List<QueueMember> tier = candidates.stream().filter(m -> m.tier() == lowestTier).toList();
        String chosen = choose(queue, tier, agents, now, random);
        return new Pick(List.of(chosen), false);
    }

    /** The highest tier open by waiting alone: tier t opens after (t - 1) * tierWait seconds. */
    public static int openTier(int tierWaitSeconds, long waitedMillis) {
        if (tierWaitSeconds <= 0) {
            return Integer.MAX_VALUE;
        }
        long steps = Math.max(0, waitedMillis) / (tierWaitSeconds * 1000L);
        return (int) Math.min(Integer.MAX_VALUE - 1L, 1 + steps);
    }

    /** The extension round-robin rang last in {@code queue}, if any. */
    public Optional<String> lastRung(String queue) {
        return Optional.ofNullable(lastRung.get(queue));
    }

    /** Drops the round-robin memory of a queue this node no longer hosts. */
    public void forget(String queue) {
        lastRung.remove(queue);
    }

    /**
     * Idle since, for longest-idle: the later of the agent's last queue call end and the moment it
     * last became free (the start of AVAILABLE, or the end of a finished wrap-up). A login, an
     * unpause or a missed offer starts AVAILABLE afresh, so time paused or logged out is not idle.
     */
    public static long idleSince(AgentState s) {
        long free = s.status() == AgentStatus.WRAP_UP ? s.wrapUpUntil() : s.since();
        return Math.max(s.lastCallEnd(), free);
    }

    private static boolean engaged(AgentStatus status) {
        return status == AgentStatus.RINGING || status == AgentStatus.ON_CALL;
    }

    // candidates: non-empty, of one tier, in member order.
    private String choose(QueueDefinition queue, List<QueueMember> candidates, Map<String, AgentState> agents, long now,
                          RandomGenerator random) {
        return switch (queue.strategy()) {
            case RINGALL, LINEAR -> candidates.get(0).extension();
            case ROUND_ROBIN -> roundRobin(queue, candidates);
            case LEAST_RECENT -> first(candidates, Comparator.comparingLong(m -> agents.get(m.extension()).lastOffered()));
            case FEWEST_CALLS -> first(candidates, Comparator.comparingLong(m -> agents.get(m.extension()).answered()));
            case LONGEST_IDLE -> first(candidates, Comparator.comparingLong(m -> idleSince(agents.get(m.extension()))));
            case RANDOM -> candidates.get(random.nextInt(candidates.size())).extension();
            case WEIGHTED_RANDOM -> weighted(candidates, random);
        };
    }

    // The first minimum, so equal agents go by member order.
    private static String first(List<QueueMember> candidates, Comparator<QueueMember> order) {
        QueueMember best = candidates.get(0);
        for (QueueMember m : candidates) {
            if (order.compare(m, best) < 0) {
                best = m;
            }
        }
        return best.extension();
    }

    private String roundRobin(QueueDefinition queue, List<QueueMember> candidates) {
        List<QueueMember> members = queue.members();
        String last = lastRung.get(queue.name());
        int lastIndex = -1;
        for (int i = 0; last != null && i < members.size(); i++) {
            if (members.get(i).extension().equals(last)) {
                lastIndex = i;
                break;
            }
        }
        // The first candidate after the last rung in member order, wrapping; from the top when it left the queue.
        String chosen = null;
        for (int step = 1; step <= members.size() && chosen == null; step++) {
            QueueMember m = members.get(Math.floorMod(lastIndex + step, members.size()));
            if (candidates.contains(m)) {
                chosen = m.extension();
            }
        }
        if (chosen == null) {
            chosen = candidates.get(0).extension();
        }
        lastRung.put(queue.name(), chosen);
        return chosen;
    }

    private static String weighted(List<QueueMember> candidates, RandomGenerator random) {
        long total = 0;
        for (QueueMember m : candidates) {
            total += Math.max(1, m.weight());
        }
        long r = random.nextLong(total);
        for (QueueMember m : candidates) {
            r -= Math.max(1, m.weight());
            if (r < 0) {
                return m.extension();
            }
        }
        return candidates.get(candidates.size() - 1).extension();
    }
}
