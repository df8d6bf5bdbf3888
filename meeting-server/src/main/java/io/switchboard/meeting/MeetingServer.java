package io.switchboard.meeting;

import com.hazelcast.core.HazelcastInstance;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.cluster.ClusterPeers;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.codec.CodecRegistry;
import io.switchboard.common.lifecycle.ListenError;
import io.switchboard.common.lifecycle.ShutdownStack;
import io.switchboard.common.meeting.RoomBoard;
import io.switchboard.common.meeting.RoomCommands;
import io.switchboard.common.meeting.RoomDefinitions;
import io.switchboard.common.meeting.RoomMaps;
import io.switchboard.common.meeting.RoomOwners;
import io.switchboard.common.meeting.RoomParts;
import io.switchboard.common.meeting.RoomTrunks;
import io.switchboard.common.metrics.MetricsEndpoint;
import io.switchboard.common.metrics.ProcessMetrics;
import io.switchboard.common.prompt.PromptLibrary;
import io.switchboard.common.rtp.MediaNegotiation;
import io.switchboard.common.rtp.RtpEndpoints;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransport;
import io.switchboard.common.sip.SipTransportSettings;
import io.switchboard.common.worker.MediaPorts;
import io.switchboard.common.worker.WorkerCalls;
import io.switchboard.common.worker.WorkerRole;
import io.switchboard.meeting.room.MeetingContext;
import io.switchboard.meeting.room.RoomHost;
import io.switchboard.meeting.room.RoomMeters;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The meeting process assembled in one place, in start-up order: metrics, cluster member, prompts,
 * RTP endpoints (a room's participants on the loop its number picks), the SIP transport with the
 * worker skeleton answering room numbers ({@link RoomHost}), /metrics HTTP and the heartbeat.
 * {@link #close()} stops them in reverse: the heartbeat goes offline, the rooms are given up, the
 * participants get BYE, the ports are released, the cluster last.
 */
public final class MeetingServer implements AutoCloseable {
    public static final String ROLE = "meeting";

    private final ShutdownStack stack = new ShutdownStack();
    private ProcessMetrics metrics;
    private HazelcastInstance hz;
    private RtpEndpoints rtp;
    private WorkerCalls worker;
    private RoomHost host;
    private SipTransport transport;
    private MetricsEndpoint http;
    private NodeRegistry registry;

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
        MeetingServer server = new MeetingServer();
        try {
            server.boot(settings, version, shared);
        } catch (ListenError e) {
            server.close();
            throw e.inRole("meeting server");
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        server.printBanner(settings, out);
        return server;
    }

    private void boot(MeetingSettings s, String version, HazelcastInstance shared) throws Exception {
        metrics = new ProcessMetrics(s.nodeName(), ROLE, s.jvmMetrics());
        stack.push(metrics);
        if (shared != null) {
            hz = shared;
        } else {
            // A lite member: it reads rooms and writes its heartbeat and its rooms' state, owns no partitions.
            hz = ClusterMember.start(s.cluster(), s.nodeName(), config -> {
                config.setLiteMember(true);
                RoomMaps.configure(config);
            });
            stack.push(() -> hz.shutdown());
        }
        MeetingPrompts.install(s.promptDir());
        rtp = new RtpEndpoints(InetAddress.getByName(s.sipAddress()), s.rtpPortMin(), s.rtpPortMax(), s.eventLoops());
        stack.push(rtp);
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2, new DefaultThreadFactory("meeting", true));
        timers.setRemoveOnCancelPolicy(true);
        stack.push(timers::shutdownNow);
        AtomicReference<NodeRegistry> nodes = new AtomicReference<>();
        AtomicReference<WorkerCalls> calls = new AtomicReference<>();
        RoomMeters roomMeters = new RoomMeters();
        MediaPorts ports = MediaPorts.byNumber(rtp);
        host = new RoomHost(new MeetingContext(s.nodeName(), s.advertisedAddress(), new RoomDefinitions(hz), new RoomOwners(hz),
                new RoomParts(hz), new RoomTrunks(hz), new RoomBoard(hz), new RoomCommands(hz),
                () -> nodes.get() == null ? List.of() : nodes.get().online(ROLE), () -> calls.get().size(), s.maxSessions(),
                s.roomShare(), ports, timers, roomMeters, s.recordingDir()));
        WorkerRole role = new WorkerRole(ROLE, "meeting", s.advertisedAddress(), s.maxSessions());
        worker = new WorkerCalls(role, host, ports, new MediaNegotiation(CodecRegistry.standard()),
                new PromptLibrary(s.promptDir()), new SipMessages("Switchboard-Meeting"), timers);
        calls.set(worker);
        SipTransportSettings sipSettings = new SipTransportSettings(s.sipAddress(), s.sipPort(), true, false, 8, 1024,
                500, SipTransportSettings.MAX_DATAGRAM, 1 << 20, 500).withAdvertisedAddress(s.advertisedAddress());
        transport = SipTransport.start(sipSettings, worker, new SipMessages("Switchboard-Meeting"), metrics.registry());
        worker.attach(transport);
        // A direct INVITE would have us stream RTP to any address in its SDP: members only.
        worker.admitOnly(new ClusterPeers(List.of()).follow(hz)::allows);
        stack.push(transport);
        stack.push(worker::closeAll);
        worker.meters().bindTo(metrics.registry(), role, worker);
        roomMeters.bindTo(metrics.registry(), host);
        io.switchboard.common.worker.WorkerMeters.bindTicks(metrics.registry(), "switchboard_meeting_", rtp);
        http = new MetricsEndpoint(s.httpAddress(), s.httpPort(), metrics, "meeting-http");
        stack.push(http);
        Map<String, Integer> portMap = new LinkedHashMap<>();
        portMap.put("sip", transport.port());
        portMap.put("metrics", httpPort());
        registry = new NodeRegistry(hz, new NodeStatus(s.nodeName(), ROLE, s.privateAddress(), s.publicAddress(), portMap,
                version, 0, s.maxSessions(), System.currentTimeMillis(), 0, s.cluster().heartbeat().toMillis(), false),
                worker::size);
        nodes.set(registry);
        registry.start();
        host.start();
        stack.push(registry);
        // Closed before the registry goes offline and the participants get BYE: the rooms are released first.
        stack.push(host);
    }

    private void printBanner(MeetingSettings s, PrintStream out) {
        out.printf("Switchboard meeting server is up (node %s)%n", s.nodeName());
        out.printf("  SIP         udp %s:%d (Contact %s)%n", s.sipAddress(), sipPort(), s.advertisedAddress());
        out.printf("  RTP         %s ports %d-%d, at most %d participants%n", s.sipAddress(), s.rtpPortMin(), s.rtpPortMax(),
                s.maxSessions());
        out.printf("  Prompts     %s%n", s.promptDir());
        out.printf("  Recordings  %s%n", s.recordingDir());
        out.printf("  Metrics     %s%n", MetricsEndpoint.url(s.httpAddress(), httpPort()));
        out.printf("  Cluster     '%s', member %s%n", s.cluster().name(), hz.getCluster().getLocalMember().getAddress());
        out.flush();
    }

    public int sipPort() {
        return transport.port();
    }

    public int httpPort() {
        return http.port();
    }

    public RoomHost host() {
        return host;
    }

    public WorkerCalls worker() {
        return worker;
    }

    public NodeRegistry registry() {
        return registry;
    }

    /**
     * Stops as kill -9 would, for failure tests that run nodes in one JVM: the heartbeat stops, the
     * SIP socket and RTP ports close, nobody hears a BYE and no room is released.
     */
    public void halt() {
        registry.halt();
        host.halt();
        transport.close();
        rtp.close();
    }

    @Override
    public void close() {
        stack.close();
    }
}
