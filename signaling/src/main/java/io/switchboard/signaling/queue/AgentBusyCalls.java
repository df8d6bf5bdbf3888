package io.switchboard.signaling.queue;

import io.switchboard.common.queue.BusyAgents;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.signaling.call.AnsweredCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code agent-calls} ({@link BusyAgents}) current, so queues do not offer callers to agents
 * already on a call: an answered call one of whose parties is a queue agent is recorded for that
 * agent (again when a transfer brings an agent into it), and removed for every agent recorded for it
 * when it ends, however it ends (also a call that gave a leg away by attended transfer, such as a
 * queue node's call to an agent once the agent is joined to the caller: the agent is then a party of
 * the caller's call, which is recorded in its turn).
 *
 * <p>Runs on the call's event loop with local reads only ({@link QueueDefinitions#isAgent}); the
 * cluster writes run on {@code executor}, one thread, in the order the calls' events came. Which
 * agents were recorded for which call is kept here too, so a call ends for the agents it started
 * with even if they left it or their queue meanwhile; a call that ends on a member that took it over
 * ends for its current parties. {@link #sweep} removes what a lost member left behind.
 */
public final class AgentBusyCalls {
    private static final Logger LOG = LoggerFactory.getLogger(AgentBusyCalls.class);

    private final QueueDefinitions queues;
    private final BusyAgents busy;
    private final Executor executor;
    /** Call id -> the agents recorded busy for it by this member. */
    private final Map<String, Set<String>> recorded = new ConcurrentHashMap<>();
    /** "extension callId" entries found without a live call at the last sweep; the executor's thread only. */
    private Set<String> suspects = new HashSet<>();

    public AgentBusyCalls(QueueDefinitions queues, BusyAgents busy, Executor executor) {
        this.queues = queues;
        this.busy = busy;
        this.executor = executor;
    }

    /** The call was answered, or a transfer changed its parties ({@code CallControl.onAnsweredCallStart}). */
    public void started(AnsweredCall call) {
        List<String> agents = agentsOf(call);
        if (agents.isEmpty()) {
            return;
        }
        recorded.computeIfAbsent(call.callId(), id -> ConcurrentHashMap.newKeySet()).addAll(agents);
        executor.execute(() -> {
            for (String agent : agents) {
                write(() -> busy.callStarted(agent, call.callId()), agent, call.callId(), "start");
            }
        });
    }

    /** The answered call ended ({@code CallControl.onAnsweredCallEnd}), whether it gave a leg away or not. */
    public void ended(AnsweredCall call) {
        Set<String> agents = new LinkedHashSet<>();
        Set<String> mine = recorded.remove(call.callId());
        if (mine != null) {
            agents.addAll(mine);
        }
        agents.addAll(agentsOf(call)); // a call taken over from another member: its parties now
        if (agents.isEmpty()) {
            return;
        }
        executor.execute(() -> {
            for (String agent : agents) {
                write(() -> busy.callEnded(agent, call.callId()), agent, call.callId(), "end");
            }
        });
    }

    /**
     * Removes the entries of calls that no longer go on ({@code live} says which do), left behind by a
     * signaling member that died before it saw them end. An entry must be found dead at two sweeps in
     * a row: a call answered a moment ago may not be listed in the cluster yet. Run on the executor.
     */
    public void sweep(Predicate<String> live) {
        try {
            Set<String> next = new HashSet<>();
            for (Map.Entry<String, Set<String>> e : busy.all().entrySet()) {
                for (String callId : e.getValue()) {
                    if (recorded.containsKey(callId) || live.test(callId)) {
                        continue;
                    }
                    String key = e.getKey() + ' ' + callId;
                    if (suspects.contains(key)) {
                        LOG.info("agent {}: call {} is over but was still recorded; removed", e.getKey(), callId);
                        busy.callEnded(e.getKey(), callId);
                    } else {
                        next.add(key);
                    }
                }
            }
            suspects = next;
        } catch (RuntimeException e) {
            LOG.warn("the sweep of agents' calls failed: {}", e.toString());
        }
    }

    private List<String> agentsOf(AnsweredCall call) {
        List<String> out = new ArrayList<>(2);
        for (String party : new String[] {call.caller(), call.callee()}) {
            if (party != null && !party.isEmpty() && !out.contains(party) && queues.isAgent(party)) {
                out.add(party);
            }
        }
        return out;
    }

    private static void write(Runnable change, String agent, String callId, String what) {
        try {
            change.run();
        } catch (RuntimeException e) {
            LOG.warn("agent {}: the {} of call {} could not be recorded: {}", agent, what, callId, e.toString());
        }
    }
}
