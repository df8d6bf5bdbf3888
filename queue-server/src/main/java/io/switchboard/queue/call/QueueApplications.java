package io.switchboard.queue.call;

import io.switchboard.common.queue.AgentFeatureCodes;
import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.common.worker.WorkerApplication;
import io.switchboard.common.worker.WorkerApplications;
import java.util.Optional;

/** The queue node's number plan: the agents' feature codes, then the queues' numbers (hosted here or claimed). */
public final class QueueApplications implements WorkerApplications {
    private final QueueHost host;
    private final AgentFeature login;
    private final AgentFeature pause;

    public QueueApplications(QueueHost host, QueueAgents agents, QueueDefinitions definitions) {
        this.host = host;
        this.login = new AgentFeature(AgentFeatureCodes.LOGIN_TOGGLE_NAME, agents, definitions);
        this.pause = new AgentFeature(AgentFeatureCodes.PAUSE_TOGGLE_NAME, agents, definitions);
    }

    @Override
    public Optional<WorkerApplication> byNumber(String number) {
        if (AgentFeatureCodes.LOGIN_TOGGLE.equals(number)) {
            return Optional.of(login);
        }
        if (AgentFeatureCodes.PAUSE_TOGGLE.equals(number)) {
            return Optional.of(pause);
        }
        return host.forNumber(number).map(r -> r);
    }
}
