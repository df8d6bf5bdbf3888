package io.switchboard.signaling.dialplan;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.signaling.room.RoomNumbers;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one router of dialled numbers, and which requests come from the cluster's own workers. Plain objects. */
class NumberPlanTest {

    private static ServiceNumbers numbers(ServiceKind kind, Map<String, String> byNumber) {
        return new ServiceNumbers() {
            @Override
            public ServiceKind kind() {
                return kind;
            }

            @Override
            public Optional<String> nameOf(String number) {
                return Optional.ofNullable(byNumber.get(number));
            }
        };
    }

    private final NumberPlan plan = new NumberPlan(List.of(
            numbers(ServiceKind.IVR, Map.of("8000", "demo")),
            numbers(ServiceKind.QUEUE, Map.of("7000", "support")),
            numbers(ServiceKind.MEETING, Map.of("9000", "standup"))));

    @Test
    void eachServiceNumberResolvesToItsKindAndNameAndTheRestToUsers() {
        assertThat(plan.resolve("8000")).isEqualTo(new Destination.Service(ServiceKind.IVR, "8000", "demo"));
        assertThat(plan.resolve("7000")).isEqualTo(new Destination.Service(ServiceKind.QUEUE, "7000", "support"));
        assertThat(plan.resolve("9000")).isEqualTo(new Destination.Service(ServiceKind.MEETING, "9000", "standup"));
        assertThat(plan.resolve("1001")).isEqualTo(new Destination.User("1001"));
    }

    @Test
    void aRoomNumberResolvesToTheMeetingRoleNamedByItsNumberWithItsHost() {
        Map<String, RoomDefinition> rooms = Map.of("9100", RoomDefinition.of("9100", "Standup"),
                "9101", RoomDefinition.of("9101", "Board"));
        NumberPlan withRooms = new NumberPlan(List.of(numbers(ServiceKind.QUEUE, Map.of("7000", "support")),
                new RoomNumbers(n -> Optional.ofNullable(rooms.get(n)), n -> n.equals("9101") ? Optional.of("meeting-a") : Optional.empty())));

        assertThat(withRooms.resolve("9100")).isEqualTo(new Destination.Service(ServiceKind.MEETING, "9100", "9100"));
        assertThat(withRooms.resolve("9101")).as("an open room's callers reach its host first")
                .isEqualTo(new Destination.Service(ServiceKind.MEETING, "9101", "9101", "meeting-a"));
        assertThat(withRooms.resolve("9102")).isEqualTo(new Destination.User("9102"));
        assertThat(withRooms.ownerOf("9100")).hasValue("the number of the meeting room '9100'");
    }

    @Test
    void theDirectoryIsToldWhoHoldsAServiceNumber() {
        assertThat(plan.ownerOf("7000")).hasValue("the number of the queue 'support'");
        assertThat(plan.ownerOf("8000")).hasValue("the number of the IVR application 'demo'");
        assertThat(plan.ownerOf("1001")).isEmpty();
    }

    @Test
    void onlyAnOnlineWorkersPublishedSipEndpointIsTrusted() {
        NodeStatus queue = new NodeStatus("queue-a", "queue", "10.0.0.7", "", Map.of("sip", 5072), "test", 0, 500,
                0, 0, 1000, false);
        NodeStatus media = new NodeStatus("media-a", "media", "10.0.0.8", "", Map.of("sip", 5080), "test", 0, 500,
                0, 0, 1000, false);
        WorkerEndpoints workers = new WorkerEndpoints(role -> role.equals("queue") ? List.of(queue)
                : role.equals("media") ? List.of(media) : List.of());

        assertThat(workers.workerAt(new InetSocketAddress("10.0.0.7", 5072))).isEqualTo(queue);
        assertThat(workers.workerAt(new InetSocketAddress("10.0.0.7", 5060)))
                .as("a phone on the worker's host, another port").isNull();
        assertThat(workers.workerAt(new InetSocketAddress("10.0.0.9", 5072))).as("another host").isNull();
        assertThat(workers.workerAt(new InetSocketAddress("10.0.0.8", 5080))).as("media servers place no calls").isNull();
    }
}
