package io.switchboard.common.meeting;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.util.UUID;
import java.util.function.Consumer;

/** The {@code room-commands} topic: signaling's admin API publishes, every meeting node listens and the host acts. */
public final class RoomCommands {
    public static final String TOPIC = "room-commands";

    private final ITopic<RoomCommand> topic;

    public RoomCommands(HazelcastInstance hz) {
        this.topic = hz.getTopic(TOPIC);
    }

    public void send(RoomCommand command) {
        topic.publish(command);
    }

    public UUID listen(Consumer<RoomCommand> handler) {
        return topic.addMessageListener(m -> handler.accept(m.getMessageObject()));
    }

    public void stopListening(UUID registration) {
        topic.removeMessageListener(registration);
    }
}
