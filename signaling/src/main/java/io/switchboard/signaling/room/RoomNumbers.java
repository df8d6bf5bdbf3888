package io.switchboard.signaling.room;

import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.common.meeting.RoomDefinitions;
import io.switchboard.common.meeting.RoomOwners;
import io.switchboard.signaling.dialplan.ServiceKind;
import io.switchboard.signaling.dialplan.ServiceNumbers;
import java.util.Optional;
import java.util.function.Function;

/**
 * Meeting room numbers, from the event-kept local copy of {@link RoomDefinitions}. A room's name in
 * the plan is its number (the key the meeting nodes and {@link RoomOwners} use); its host is the
 * meeting node holding the open room, so every participant reaches the same mix.
 */
public final class RoomNumbers implements ServiceNumbers {
    private final Function<String, Optional<RoomDefinition>> rooms;
    private final Function<String, Optional<String>> hosts;

    public RoomNumbers(RoomDefinitions rooms, RoomOwners owners) {
        this(rooms::byNumber, owners::hostOf);
    }

    /** @param rooms the room on a number; @param hosts the node hosting a room (both local reads) */
    public RoomNumbers(Function<String, Optional<RoomDefinition>> rooms, Function<String, Optional<String>> hosts) {
        this.rooms = rooms;
        this.hosts = hosts;
    }

    @Override
    public ServiceKind kind() {
        return ServiceKind.MEETING;
    }

    @Override
    public Optional<String> nameOf(String number) {
        return rooms.apply(number).map(RoomDefinition::number);
    }

    @Override
    public Optional<String> hostOf(String name) {
        return hosts.apply(name);
    }
}
