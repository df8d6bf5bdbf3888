package io.switchboard.signaling.queue;

import io.switchboard.common.api.FieldProblem;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.signaling.dialplan.Destination;
import io.switchboard.signaling.dialplan.NumberPlan;
import io.switchboard.signaling.dialplan.ServiceKind;
import io.switchboard.signaling.queue.QueueDirectoryException.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call queues: validated, stored in the database (the record) and then published to the
 * cluster's {@code queues} map through {@link QueueDefinitions}, which queue nodes and call routing
 * read. A queue is refused when its definition has a problem, when its number is taken (by a user,
 * an IVR application, a meeting room or another queue) or when one of its agents is not a user.
 */
public final class QueueDirectory {
    private static final Logger log = LoggerFactory.getLogger(QueueDirectory.class);

    private final QueueStore store;
    private final QueueDefinitions definitions;
    private final NumberPlan plan;
    private final Predicate<String> isUser;

    /**
     * @param plan   the one number plan (with {@link QueueNumbers} among its services): who else holds a number
     * @param isUser whether a user has this extension (the user directory)
     */
    public QueueDirectory(QueueStore store, QueueDefinitions definitions, NumberPlan plan, Predicate<String> isUser) {
        this.store = store;
        this.definitions = definitions;
        this.plan = plan;
        this.isUser = isUser;
    }

    /** Whether a member was added or an existing one changed, and the queue after it. */
    public record MemberChange(QueueDefinition queue, boolean added) {
    }

    /**
     * Publishes every stored queue to the map and withdraws the ones it holds that the database no
     * longer has (deleted while this member was down); run at start. Returns how many were published.
     */
    public int loadAll() {
        Set<String> published = definitions.all().stream().map(QueueDefinition::name).collect(Collectors.toSet());
        List<QueueDefinition> stored = store.all();
        for (QueueDefinition q : stored) {
            List<FieldProblem> problems = q.problems();
            if (!problems.isEmpty()) {
                log.warn("stored queue '{}' has problems ({}); published as it is", q.name(), describe(problems));
            }
            definitions.publish(q);
            published.remove(q.name());
        }
        for (String gone : published) {
            log.info("queue '{}' is no longer in the database: withdrawn", gone);
            definitions.withdraw(gone);
        }
        return stored.size();
    }

    /** Every queue, by name, from the database. */
    public List<QueueDefinition> list() {
        return store.all();
    }

    public Optional<QueueDefinition> get(String name) {
        return store.find(name);
    }

    /** Stores and publishes a new queue. */
    public synchronized QueueDefinition create(QueueDefinition queue) {
        checked(queue);
        if (store.find(queue.name()).isPresent()) {
            throw new QueueDirectoryException(Reason.CONFLICT, "name", "queue '" + queue.name() + "' already exists");
        }
        if (!store.insert(queue)) {
            throw new QueueDirectoryException(Reason.CONFLICT, "name", "queue '" + queue.name() + "' or number "
                    + queue.number() + " was taken meanwhile");
        }
        definitions.publish(queue);
        return queue;
    }

    /** Replaces a stored queue as a whole (its name stays) and publishes it. */
    public synchronized QueueDefinition replace(QueueDefinition queue) {
        QueueDefinition stored = store.modify(queue.name(), current -> checked(queue))
                .orElseThrow(() -> notFound(queue.name()));
        definitions.publish(stored);
        return stored;
    }

    /** Deletes and withdraws a queue; false when there is none of that name. */
    public synchronized boolean delete(String name) {
        if (!store.delete(name)) {
            return false;
        }
        definitions.withdraw(name);
        return true;
    }

    /** Adds an agent to a queue, or changes its tier and weight when it is one already. */
    public synchronized MemberChange addMember(String queue, QueueMember member) {
        boolean[] added = new boolean[1];
        QueueDefinition stored = store.modify(queue, current -> {
            List<QueueMember> members = new ArrayList<>(current.members());
            added[0] = members.stream().noneMatch(m -> m.extension().equals(member.extension()));
            if (added[0]) {
                members.add(member);
            } else {
                members.replaceAll(m -> m.extension().equals(member.extension()) ? member : m);
            }
            QueueDefinition next = current.withMembers(members);
            List<FieldProblem> problems = next.problems();
            if (!problems.isEmpty()) {
                // Only the new member can be at fault: name it by the request's fields.
                FieldProblem p = problems.get(0);
                String field = p.reason().contains(": tier ") ? "tier" : p.reason().contains(": weight ") ? "weight"
                        : p.field().equals("members") ? "extension" : p.field();
                throw new QueueDirectoryException(Reason.INVALID, field, p.reason());
            }
            if (!isUser.test(member.extension())) {
                throw new QueueDirectoryException(Reason.INVALID, "extension", notAUser(member.extension()));
            }
            return next;
        }).orElseThrow(() -> notFound(queue));
        definitions.publish(stored);
        return new MemberChange(stored, added[0]);
    }

    /** Removes an agent from a queue. */
    public synchronized QueueDefinition removeMember(String queue, String extension) {
        QueueDefinition stored = store.modify(queue, current -> {
            if (current.member(extension).isEmpty()) {
                throw new QueueDirectoryException(Reason.NOT_FOUND, "extension",
                        "agent " + extension + " is not a member of queue '" + queue + "'");
            }
            return current.withMembers(current.members().stream().filter(m -> !m.extension().equals(extension)).toList());
        }).orElseThrow(() -> notFound(queue));
        definitions.publish(stored);
        return stored;
    }

    /** {@code queue} when it may be stored; else the refusal that names the field at fault. */
    private QueueDefinition checked(QueueDefinition queue) {
        List<FieldProblem> problems = queue.problems();
        if (!problems.isEmpty()) {
            throw new QueueDirectoryException(Reason.INVALID, problems.get(0).field(), describe(problems));
        }
        String number = queue.number();
        if (plan.resolve(number) instanceof Destination.Service s
                && !(s.kind() == ServiceKind.QUEUE && s.name().equals(queue.name()))) {
            throw numberTaken(number, s.describe());
        }
        Optional<QueueDefinition> sameNumber = store.findByNumber(number).filter(q -> !q.name().equals(queue.name()));
        if (sameNumber.isPresent()) {
            throw numberTaken(number, "the queue '" + sameNumber.get().name() + "'");
        }
        if (isUser.test(number)) {
            throw new QueueDirectoryException(Reason.CONFLICT, "number", "number " + number
                    + " is the extension of a user: choose another number or remove the user");
        }
        Set<String> seen = new HashSet<>();
        for (QueueMember m : queue.members()) {
            if (seen.add(m.extension()) && !isUser.test(m.extension())) {
                throw new QueueDirectoryException(Reason.INVALID, "members", notAUser(m.extension()));
            }
        }
        return queue;
    }

    private static String notAUser(String extension) {
        return "agent " + extension + " is not a user";
    }

    private static QueueDirectoryException numberTaken(String number, String holder) {
        return new QueueDirectoryException(Reason.CONFLICT, "number", "number " + number + " is the number of "
                + holder + ": choose another number");
    }

    /** "ringTimeout must be 1-300, got 0; music needs at least one prompt (music on hold)". */
    private static String describe(List<FieldProblem> problems) {
        return problems.stream().map(p -> p.field() + " " + p.reason()).collect(Collectors.joining("; "));
    }

    private static QueueDirectoryException notFound(String name) {
        return new QueueDirectoryException(Reason.NOT_FOUND, "name", "queue '" + name + "' not found");
    }
}
