package io.switchboard.signaling.queue;

import io.switchboard.common.queue.AgentFeatureCodes;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.common.queue.QueueOwners;
import io.switchboard.signaling.dialplan.ServiceKind;
import io.switchboard.signaling.dialplan.ServiceNumbers;
import java.util.Optional;

/**
 * Queue numbers, from the event-kept local index of {@link QueueDefinitions}, and the agents'
 * feature codes ({@link AgentFeatureCodes}: {@code *45} toggles login, {@code *46} pause), which
 * reach a queue node like a queue's number, under the names {@code agent-login} and
 * {@code agent-pause}; the node answers, changes the calling agent's state and confirms it.
 */
public final class QueueNumbers implements ServiceNumbers {
    private final QueueDefinitions queues;
    private final QueueOwners owners;

    public QueueNumbers(QueueDefinitions queues, QueueOwners owners) {
        this.queues = queues;
        this.owners = owners;
    }

    /** The queue node holding the queue's line: every caller of a queue must reach it (feature codes go anywhere). */
    @Override
    public Optional<String> hostOf(String name) {
        return AgentFeatureCodes.isFeatureName(name) ? Optional.empty() : owners.hostOf(name);
    }

    @Override
    public ServiceKind kind() {
        return ServiceKind.QUEUE;
    }

    @Override
    public Optional<String> nameOf(String number) {
        Optional<String> feature = AgentFeatureCodes.nameOf(number);
        return feature.isPresent() ? feature : queues.byNumber(number).map(QueueDefinition::name);
    }
}
