package io.switchboard.meeting;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.meeting.RoomBoard;
import io.switchboard.common.meeting.RoomCommands;
import io.switchboard.common.meeting.RoomDefinitions;
import io.switchboard.common.meeting.RoomMaps;
import io.switchboard.common.meeting.RoomOwners;
import io.switchboard.common.meeting.RoomParts;
import io.switchboard.common.meeting.RoomTrunks;
import io.switchboard.common.prompt.PromptLibrary;
import io.switchboard.common.worker.MediaPorts;
import io.switchboard.common.worker.WorkerCalls;
import io.switchboard.common.worker.WorkerMeters;
import io.switchboard.common.worker.WorkerNode;
import io.switchboard.meeting.room.MeetingContext;
import io.switchboard.meeting.room.RoomHost;
import io.switchboard.meeting.room.RoomMeters;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The meeting process assembled in one place, in start-up order: the worker node's metrics, cluster
 * member, RTP endpoints (a room's participants on the loop its number picks) and timers; the
 * shipped prompts; the rooms ({@link RoomHost}) on the worker skeleton's SIP transport; /metrics and
 * the heartbeat. {@link #close()} stops them in reverse: the heartbeat goes offline, the room parts
 * are given up, the participants get BYE, the ports are released, the cluster last.
 */
public final class MeetingServer implements AutoCloseable {
    public static final String ROLE = "meeting";

    private WorkerNode node;
    private RoomHost host;

    private MeetingServer() {
    }

    /** Starts everything, joining the Hazelcast cluster of {@code settings.cluster()} as a lite member. */
    public static MeetingServer start(MeetingSettings settings, String version, PrintStream out) throws Exception {
        return start(settings, version, out, null);
    }

    /** The all-in-one's meeting node: it uses the process's own Hazelcast member and leaves it running on close. */
    public static MeetingServer embedded(MeetingSettings settings, String version, PrintStream out, HazelcastInstance shared)
            throws Exception {
        return start(settings, version, out, shared);
    }

    private static MeetingServer start(MeetingSettings settings, String version, PrintStream out, HazelcastInstance shared)
            throws Exception {
        MeetingServer server = WorkerNode.start(new MeetingServer(), "meeting server", x -> x.boot(settings, version, shared));
        server.node.printBanner(out, "meeting server", "participants", settings.promptDir(),
                o -> o.printf("  Recordings  %s%n", settings.recordingDir()));
        return server;
    }

    private void boot(MeetingSettings s, String version, HazelcastInstance shared) throws Exception {
        node = WorkerNode.open(new WorkerNode.Spec(ROLE, "meeting", "Switchboard-Meeting", s.nodeName(), s.privateAddress(),
                s.publicAddress(), s.advertisedAddress(), s.cluster(), s.jvmMetrics(), s.sipAddress(), s.sipPort(),
                s.rtpPortMin(), s.rtpPortMax(), s.eventLoops(), s.maxSessions(), s.httpAddress(), s.httpPort(),
                s.sharedRtpPort()),
                shared, RoomMaps::configure);
        MeetingPrompts.install(s.promptDir());
        HazelcastInstance hz = node.hazelcast();
        AtomicReference<WorkerCalls> calls = new AtomicReference<>();
        RoomMeters roomMeters = new RoomMeters();
        MediaPorts ports = MediaPorts.byNumber(node.rtp());
        host = new RoomHost(new MeetingContext(s.nodeName(), s.advertisedAddress(), new RoomDefinitions(hz), new RoomOwners(hz),
                new RoomParts(hz), new RoomTrunks(hz), new RoomBoard(hz), new RoomCommands(hz), node::servingNodes, node::alive,
                () -> calls.get().size(), s.maxSessions(), s.roomShare(), ports, node.timers(), roomMeters, s.recordingDir()));
        // Opus at 16 kHz: the room mixes wideband while a participant speaks it.
        WorkerCalls worker = node.listen(host, ports, new PromptLibrary(s.promptDir()),
                io.switchboard.common.codec.CodecRegistry.wideband());
        calls.set(worker);
        node.onClose(worker::closeAll);
        roomMeters.bindTo(node.metrics().registry(), host);
        WorkerMeters.bindTicks(node.metrics().registry(), "switchboard_meeting_", node.rtp());
        node.announce(version, worker::size);
        host.start();
        // Closed before the registry goes offline and the participants get BYE: the room parts are released first.
        node.onClose(host);
    }

    public int sipPort() {
        return node.sipPort();
    }

    public int httpPort() {
        return node.httpPort();
    }

    public RoomHost host() {
        return host;
    }

    public WorkerCalls worker() {
        return node.calls();
    }

    public NodeRegistry registry() {
        return node.registry();
    }

    /**
     * Stops as kill -9 would, for failure tests that run nodes in one JVM: the heartbeat stops, the
     * SIP socket and RTP ports close, nobody hears a BYE and no room is released.
     */
    public void halt() {
        host.halt();
        node.halt();
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
    }
}
