package io.switchboard.queue;

import com.hazelcast.core.HazelcastInstance;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.cluster.ClusterPeers;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.codec.CodecRegistry;
import io.switchboard.common.lifecycle.ListenError;
import io.switchboard.common.lifecycle.ShutdownStack;
import io.switchboard.common.metrics.MetricsEndpoint;
import io.switchboard.common.metrics.ProcessMetrics;
import io.switchboard.common.prompt.PromptLibrary;
import io.switchboard.common.queue.BusyAgents;
import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueCallLog;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.common.queue.QueueMaps;
import io.switchboard.common.queue.QueueOwners;
import io.switchboard.common.queue.QueueStatsBoard;
import io.switchboard.common.rtp.MediaNegotiation;
import io.switchboard.common.rtp.RtpEndpoints;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransport;
import io.switchboard.common.sip.SipTransportSettings;
import io.switchboard.common.worker.MediaPorts;
import io.switchboard.common.worker.WorkerCalls;
import io.switchboard.common.worker.WorkerRole;
import io.switchboard.queue.call.QueueApplications;
import io.switchboard.queue.call.QueueContext;
import io.switchboard.queue.call.QueueHost;
import io.switchboard.queue.call.QueueMeters;
import io.switchboard.queue.logic.AgentPicker;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The queue process assembled in one place, in start-up order: metrics, cluster member, prompts,
 * RTP endpoints, the timer pool, the SIP transport with the worker skeleton ({@link WorkerCalls})
 * running the queues this node hosts ({@link QueueHost}), /metrics HTTP and the heartbeat.
 * {@link #close()} stops them in reverse: the heartbeat goes offline first, the queues are given up
 * (another node takes them), callers get BYE, the ports are released, the cluster last.
 */
public final class QueueServer implements AutoCloseable {
    public static final String ROLE = "queue";

    private final ShutdownStack stack = new ShutdownStack();
    private ProcessMetrics metrics;
    private HazelcastInstance hz;
    private RtpEndpoints rtp;
    private WorkerCalls worker;
    private QueueHost host;
    private SipTransport transport;
    private MetricsEndpoint http;
    private NodeRegistry registry;

    private QueueServer() {
    }

    /** Starts everything, joining the Hazelcast cluster of {@code settings.cluster()} as a lite member. */
    public static QueueServer start(QueueSettings settings, String version, PrintStream out) throws Exception {
        return start(settings, version, out, null);
    }

    /** The all-in-one's queue node: it uses the process's own Hazelcast member and leaves it running on close. */
    public static QueueServer embedded(QueueSettings settings, String version, PrintStream out, HazelcastInstance shared)
            throws Exception {
        return start(settings, version, out, shared);
    }

    private static QueueServer start(QueueSettings settings, String version, PrintStream out, HazelcastInstance shared)
            throws Exception {
        QueueServer server = new QueueServer();
        try {
            server.boot(settings, version, shared);
        } catch (ListenError e) {
            server.close();
            throw e.inRole("queue server");
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        server.printBanner(settings, out);
        return server;
    }

    private void boot(QueueSettings s, String version, HazelcastInstance shared) throws Exception {
        metrics = new ProcessMetrics(s.nodeName(), ROLE, s.jvmMetrics());
        stack.push(metrics);
        if (shared != null) {
            hz = shared;
        } else {
            // A lite member: it reads queues and agents and writes its heartbeat, owns no partitions.
            hz = ClusterMember.start(s.cluster(), s.nodeName(), config -> {
                config.setLiteMember(true);
                QueueMaps.configure(config);
            });
            stack.push(() -> hz.shutdown());
        }
        QueuePrompts.install(s.promptDir());
        rtp = new RtpEndpoints(InetAddress.getByName(s.sipAddress()), s.rtpPortMin(), s.rtpPortMax(), s.eventLoops());
        stack.push(rtp);
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2, new DefaultThreadFactory("queue", true));
        timers.setRemoveOnCancelPolicy(true);
        stack.push(timers::shutdownNow);
        QueueDefinitions definitions = new QueueDefinitions(hz);
        QueueAgents agents = new QueueAgents(hz, Clock.systemUTC());
        QueueMeters queueMeters = new QueueMeters();
        // The callers' records go to signaling through the cluster; closed (what is buffered sent)
        // after the callers got their BYE and before the cluster goes.
        QueueCallLog callLog = new QueueCallLog(hz);
        stack.push(callLog);
        AtomicReference<NodeRegistry> nodes = new AtomicReference<>();
        WorkerRole role = new WorkerRole(ROLE, "queue", s.advertisedAddress(), s.maxSessions());
        // The host needs the worker (to place calls) and the worker the host's numbers: tied once both exist.
        AtomicReference<QueueApplications> numbers = new AtomicReference<>();
        worker = new WorkerCalls(role, number -> numbers.get().byNumber(number),
                MediaPorts.of(rtp), new MediaNegotiation(CodecRegistry.standard()), new PromptLibrary(s.promptDir()),
                new SipMessages("Switchboard-Queue"), timers);
        QueueContext ctx = new QueueContext(s.nodeName(), worker::dial, agents, new BusyAgents(hz), new QueueStatsBoard(hz),
                callLog::publish, new AgentPicker(), timers, Clock.systemUTC(), new java.util.Random(), queueMeters,
                new io.switchboard.common.queue.QueueCallbacks(hz));
        host = new QueueHost(s.nodeName(), definitions, new QueueOwners(hz), name -> isOnline(nodes.get(), name), ctx);
        numbers.set(new QueueApplications(host, agents, definitions));
        SipTransportSettings sipSettings = new SipTransportSettings(s.sipAddress(), s.sipPort(), true, false, 8, 1024,
                500, SipTransportSettings.MAX_DATAGRAM, 1 << 20, 500).withAdvertisedAddress(s.advertisedAddress());
        transport = SipTransport.start(sipSettings, worker, new SipMessages("Switchboard-Queue"), metrics.registry());
        worker.attach(transport);
        // A direct INVITE would have us stream RTP to any address in its SDP: members only.
        worker.admitOnly(new ClusterPeers(List.of()).follow(hz)::allows);
        stack.push(transport);
        // Runs after the heartbeat went offline and the queues were released (pushed later, closed first).
        stack.push(() -> endCalls(s.nodeName()));
        worker.meters().bindTo(metrics.registry(), role, worker);
        queueMeters.bindTo(metrics.registry());
        queueMeters.watchRecords(callLog);
        http = new MetricsEndpoint(s.httpAddress(), s.httpPort(), metrics, "queue-http");
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
        // Closed before the registry goes offline and the callers get BYE: the queues are released first.
        stack.push(host);
    }

    /**
     * With another queue node online, the waiting callers are left to signaling, which sees this node
     * offline and offers each to its queue again (the node that takes the queue keeps their place): a
     * restart or an upgrade drops no caller. Alone, the callers get BYE.
     */
    private void endCalls(String self) {
        boolean another = registry != null && registry.online(ROLE).stream().anyMatch(n -> !n.name().equals(self));
        if (another) {
            worker.leaveAll();
        } else {
            worker.closeAll();
        }
    }

    private static boolean isOnline(NodeRegistry registry, String node) {
        if (registry == null) {
            return true; // before our heartbeat runs, nobody is taken over
        }
        for (NodeStatus n : registry.online(ROLE)) {
            if (n.name().equals(node)) {
                return true;
            }
        }
        return false;
    }

    private void printBanner(QueueSettings s, PrintStream out) {
        out.printf("Switchboard queue server is up (node %s)%n", s.nodeName());
        out.printf("  SIP         udp %s:%d (Contact %s)%n", s.sipAddress(), sipPort(), s.advertisedAddress());
        out.printf("  RTP         %s ports %d-%d, at most %d sessions%n", s.sipAddress(), s.rtpPortMin(), s.rtpPortMax(),
                s.maxSessions());
        out.printf("  Prompts     %s%n", s.promptDir());
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

    public WorkerCalls worker() {
        return worker;
    }

    public QueueHost host() {
        return host;
    }

    public NodeRegistry registry() {
        return registry;
    }

    /**
     * Stops as kill -9 would, for failure tests that run nodes in one JVM: the heartbeat stops, the
     * SIP socket and RTP ports close, no caller hears a BYE and no queue is released; the cluster
     * finds the node gone when its heartbeat ages out. {@link #close()} afterwards frees the rest.
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
