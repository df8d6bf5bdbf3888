package io.switchboard.signaling.queue;

import io.switchboard.common.queue.AgentStatus;
import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.signaling.call.AnsweredCall;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a queue agent's call in its state: once the queue node has joined caller and agent it is out
 * of the call, and only signaling sees the call end. An agent on a queue call goes into that queue's
 * wrap-up (or straight to available without one). The cluster write runs on {@code executor}, never
 * on the call's event loop; calls between non-agents cost a local read each. A call that gave a leg
 * away by attended transfer is skipped: its parties talk on in the other call (a queue node's call
 * to an agent, once the agent is joined to the caller).
 */
public final class AgentCallEnds implements Consumer<AnsweredCall> {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCallEnds.class);

    private final QueueDefinitions queues;
    private final QueueAgents agents;
    private final Executor executor;

    public AgentCallEnds(QueueDefinitions queues, QueueAgents agents, Executor executor) {
        this.queues = queues;
        this.agents = agents;
        this.executor = executor;
    }

    @Override
    public void accept(AnsweredCall call) {
        if (call.gaveALegAway()) {
            return;
        }
        for (String party : new String[] {call.caller(), call.callee()}) {
            if (party != null && queues.isAgent(party)) {
                executor.execute(() -> ended(party));
            }
        }
    }

    private void ended(String agent) {
        try {
            long now = agents.now();
            agents.update(agent, s -> {
                if (s.status() != AgentStatus.ON_CALL) {
                    return null;
                }
                // ringingFor is "<queue>/<caller>": the queue whose wrap-up applies.
                String queue = s.ringingFor().contains("/") ? s.ringingFor().substring(0, s.ringingFor().indexOf('/')) : "";
                long wrapUp = queues.get(queue).map(QueueDefinition::wrapUp).orElse(0) * 1000L;
                return s.callEnded(wrapUp, now);
            }).ifPresent(s -> LOG.debug("agent {}: queue call ended, {} until {}", agent, s.status().label(), s.wrapUpUntil()));
        } catch (RuntimeException e) {
            LOG.warn("agent {}: the end of its queue call could not be recorded: {}", agent, e.toString());
        }
    }
}
