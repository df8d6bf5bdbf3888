package io.switchboard.signaling.room;

import io.switchboard.common.api.FieldProblem;
import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.common.meeting.RoomDefinitions;
import io.switchboard.signaling.dialplan.Destination;
import io.switchboard.signaling.dialplan.NumberPlan;
import io.switchboard.signaling.dialplan.ServiceKind;
import io.switchboard.signaling.room.RoomDirectoryException.Reason;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conference rooms: validated, stored in the database (the record) and then published to the
 * cluster's {@code rooms} map through {@link RoomDefinitions}, which meeting nodes and call routing
 * read. A room is refused when its definition has a problem or when its number is taken (by a user,
 * an IVR application, a queue or another room).
 */
public final class RoomDirectory {
    private static final Logger log = LoggerFactory.getLogger(RoomDirectory.class);

    private final RoomStore store;
    private final RoomDefinitions definitions;
    private final NumberPlan plan;
    private final Predicate<String> isUser;

    /**
     * @param plan   the one number plan (with {@link RoomNumbers} among its services): who else holds a number
     * @param isUser whether a user has this extension (the user directory)
     */
    public RoomDirectory(RoomStore store, RoomDefinitions definitions, NumberPlan plan, Predicate<String> isUser) {
        this.store = store;
        this.definitions = definitions;
        this.plan = plan;
        this.isUser = isUser;
    }

    /**
     * Publishes every stored room to the map and withdraws the ones it holds that the database no
     * longer has (deleted while this member was down); run at start. Returns how many were published.
     */
    public int loadAll() {
        Set<String> published = definitions.all().stream().map(RoomDefinition::number).collect(Collectors.toSet());
        List<RoomDefinition> stored = store.all();
        for (RoomDefinition r : stored) {
            List<FieldProblem> problems = r.problems();
            if (!problems.isEmpty()) {
                log.warn("stored room {} has problems ({}); published as it is", r.number(), describe(problems));
            }
            definitions.publish(r);
            published.remove(r.number());
        }
        for (String gone : published) {
            log.info("room {} is no longer in the database: withdrawn", gone);
            definitions.withdraw(gone);
        }
        return stored.size();
    }

    /** Every room, by number, from the database. */
    public List<RoomDefinition> list() {
        return store.all();
    }

    public Optional<RoomDefinition> get(String number) {
        return store.find(number);
    }

    /** Stores and publishes a new room. */
    public synchronized RoomDefinition create(RoomDefinition room) {
        checked(room);
        if (store.find(room.number()).isPresent()) {
            throw new RoomDirectoryException(Reason.CONFLICT, "number", "room " + room.number() + " already exists");
        }
        if (!store.insert(room)) {
            throw new RoomDirectoryException(Reason.CONFLICT, "number", "room " + room.number() + " was created meanwhile");
        }
        definitions.publish(room);
        return room;
    }

    /** Replaces a stored room as a whole (its number stays) and publishes it. */
    public synchronized RoomDefinition replace(RoomDefinition room) {
        checked(room);
        if (!store.update(room)) {
            throw notFound(room.number());
        }
        definitions.publish(room);
        return room;
    }

    /** Deletes and withdraws a room; false when there is none on that number. */
    public synchronized boolean delete(String number) {
        if (!store.delete(number)) {
            return false;
        }
        definitions.withdraw(number);
        return true;
    }

    /** {@code room} when it may be stored; else the refusal that names the field at fault. */
    private RoomDefinition checked(RoomDefinition room) {
        List<FieldProblem> problems = room.problems();
        if (!problems.isEmpty()) {
            throw new RoomDirectoryException(Reason.INVALID, problems.get(0).field(), describe(problems));
        }
        String number = room.number();
        if (plan.resolve(number) instanceof Destination.Service s
                && !(s.kind() == ServiceKind.MEETING && s.name().equals(number))) {
            throw new RoomDirectoryException(Reason.CONFLICT, "number", "number " + number + " is the number of "
                    + s.describe() + ": choose another number");
        }
        if (isUser.test(number)) {
            throw new RoomDirectoryException(Reason.CONFLICT, "number", "number " + number
                    + " is the extension of a user: choose another number or remove the user");
        }
        return room;
    }

    /** "talkers must be 1-10, got 0; pin must be 1-16 digits or empty". */
    private static String describe(List<FieldProblem> problems) {
        return problems.stream().map(p -> p.field() + " " + p.reason()).collect(Collectors.joining("; "));
    }

    private static RoomDirectoryException notFound(String number) {
        return new RoomDirectoryException(Reason.NOT_FOUND, "number", "room " + number + " not found");
    }
}
