package io.switchboard.meeting.room;

import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.meeting.RoomBoard;
import io.switchboard.common.meeting.RoomCommands;
import io.switchboard.common.meeting.RoomDefinitions;
import io.switchboard.common.meeting.RoomOwners;
import io.switchboard.common.meeting.RoomParts;
import io.switchboard.common.meeting.RoomTrunks;
import io.switchboard.common.worker.MediaPorts;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the rooms of a meeting node work with: the cluster's room maps, the online meeting nodes, the
 * node's RTP ports (for cascade trunks) and timers.
 *
 * @param node         this node's name in the registry
 * @param address      the address trunks of other meeting nodes reach this node's RTP at
 * @param meetingNodes the meeting nodes that take new participants (online, in the inventory, enabled; this one
 *                     included when it does), from the registry's local view
 * @param alive        whether a meeting node heartbeats (a disabled one drains: its room parts go on)
 * @param sessions     calls this node holds now
 * @param maxSessions  calls this node takes at most
 * @param roomShare    participants of one room this node takes before newcomers go to another node; 0: until it is full
 */
public record MeetingContext(String node, String address, RoomDefinitions definitions, RoomOwners owners, RoomParts parts,
                             RoomTrunks trunks, RoomBoard board, RoomCommands commands,
                             Supplier<List<NodeStatus>> meetingNodes, Predicate<String> alive, IntSupplier sessions, int maxSessions, int roomShare,
                             MediaPorts ports, ScheduledExecutorService timers, RoomMeters meters, Path recordings) {

    /** Whether {@code name} takes new participants (claims of a room's entry). */
    boolean online(String name) {
        for (NodeStatus n : meetingNodes.get()) {
            if (n.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
