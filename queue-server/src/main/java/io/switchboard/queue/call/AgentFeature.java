package io.switchboard.queue.call;

import io.switchboard.common.queue.AgentFeatureCodes;
import io.switchboard.common.queue.AgentState;
import io.switchboard.common.queue.AgentStatus;
import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.common.worker.CallEnd;
import io.switchboard.common.worker.WorkerApplication;
import io.switchboard.common.worker.WorkerCall;
import io.switchboard.common.worker.WorkerSession;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's feature code dialled from its phone ({@code *45} login toggle, {@code *46} pause
 * toggle): answered, the caller's agent state changed, a confirmation played, and hung up. The
 * caller is the From signaling put on our leg: the extension it authenticated.
 */
final class AgentFeature implements WorkerApplication {
    private static final Logger LOG = LoggerFactory.getLogger(AgentFeature.class);
    static final String LOGGED_IN = "agent-logged-in";
    static final String LOGGED_OUT = "agent-logged-out";
    static final String PAUSED = "agent-paused";
    static final String UNPAUSED = "agent-unpaused";
    static final String NOT_AN_AGENT = "agent-not-a-member";

    private final String feature;
    private final QueueAgents agents;
    private final QueueDefinitions queues;

    AgentFeature(String feature, QueueAgents agents, QueueDefinitions queues) {
        this.feature = feature;
        this.agents = agents;
        this.queues = queues;
    }

    @Override
    public String name() {
        return feature;
    }

    @Override
    public WorkerSession open(WorkerCall call) {
        return new WorkerSession() {
            @Override
            public void onStarted() {
                call.armTimer(maxLength()); // hung up even if the prompt's end is never reported
                call.play(1, apply(call.callerNumber()));
            }

            @Override
            public void onDigit(char digit) {
            }

            @Override
            public void onPromptFinished(int playId) {
                call.hangUp();
            }

            @Override
            public void onTimer() {
                call.hangUp();
            }

            @Override
            public void onTransferFailed(String why) {
            }

            @Override
            public void onEnded(CallEnd end) {
            }
        };
    }

    /** Changes the agent's state and names the prompt that says what it is now. */
    String apply(String extension) {
        if (extension.isEmpty() || queues.ofAgent(extension).isEmpty()) {
            LOG.info("feature {} dialled by {}, who is no member of any queue", feature, extension);
            return NOT_AN_AGENT;
        }
        if (AgentFeatureCodes.LOGIN_TOGGLE_NAME.equals(feature)) {
            AgentState s = agents.toggleLogin(extension);
            LOG.info("agent {} {} by feature code", extension, s.loggedIn() ? "logged in" : "logged out");
            return s.loggedIn() ? LOGGED_IN : LOGGED_OUT;
        }
        Optional<AgentState> s = agents.togglePause(extension);
        if (s.isEmpty()) {
            return LOGGED_OUT;
        }
        LOG.info("agent {} {} by feature code", extension, s.get().status() == AgentStatus.PAUSED ? "paused" : "unpaused");
        return s.get().status() == AgentStatus.PAUSED ? PAUSED : UNPAUSED;
    }

    static Duration maxLength() {
        return Duration.ofSeconds(10);
    }
}
