package io.switchboard.signaling.call;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.util.UUID;

/**
 * An operator's hang-up of a live call, whichever signaling member handles it: the member that got
 * the API request ends the call itself when it is there, and otherwise publishes the call's id on
 * the {@code call-hangups} topic, where the member holding the call acts. Owner: signaling.
 */
public final class CallHangups implements AutoCloseable {
    public static final String TOPIC = "call-hangups";
    /** What the CDR's {@code endedBy} says for a call ended this way. */
    public static final String ENDED_BY = "operator";

    private final CallControl control;
    private final CallStore store;
    private final ITopic<String> topic;
    private final UUID listener;

    public CallHangups(HazelcastInstance hz, CallControl control, CallStore store) {
        this.control = control;
        this.store = store;
        this.topic = hz.getTopic(TOPIC);
        this.listener = topic.addMessageListener(m -> control.hangUp(m.getMessageObject(), ENDED_BY));
    }

    /**
     * Hangs up call {@code id}: true when it is handled here or listed in the cluster (then the
     * member holding it ends it), false when no such call is live.
     */
    public boolean hangUp(String id) {
        if (control.hangUp(id, ENDED_BY)) {
            return true;
        }
        if (!store.isListed(id)) {
            return false;
        }
        topic.publish(id);
        return true;
    }

    @Override
    public void close() {
        topic.removeMessageListener(listener);
    }
}
