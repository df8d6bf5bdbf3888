package io.switchboard.queue.logic;

import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.common.queue.QueueStrategy;
import java.util.List;

/** Queue definitions for the tests: the shipped defaults with the fields a test varies. */
final class TestQueues {
    private TestQueues() {
    }

    static QueueDefinition queue(String name, QueueStrategy strategy, int tierWait, boolean offerBusyAgents,
                                 List<QueueMember> members) {
        QueueDefinition d = QueueDefinition.defaults(name, "600");
        return new QueueDefinition(name, d.number(), strategy, d.ringTimeout(), d.wrapUp(), d.maxCallers(), d.maxWait(),
                d.joinEmpty(), d.leaveWhenEmpty(), d.announcePosition(), d.periodicPrompt(), d.periodicEvery(),
                d.serviceLevel(), d.callbackAfter(), d.callbackRetries(), tierWait, d.autoPauseMisses(), offerBusyAgents,
                d.exitKey(), d.exitDestination(), d.timeoutDestination(), d.fullDestination(), d.greeting(), d.music(),
                members);
    }

    static QueueDefinition offeringBusyAgents(QueueDefinition q) {
        return queue(q.name(), q.strategy(), q.tierWait(), true, q.members());
    }

    static QueueDefinition renamed(QueueDefinition q, String name) {
        return queue(name, q.strategy(), q.tierWait(), q.offerBusyAgents(), q.members());
    }
}
