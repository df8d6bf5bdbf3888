package io.switchboard.common.worker;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.cluster.ClusterPeers;
import io.switchboard.common.cluster.ClusterSettings;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.codec.CodecRegistry;
import io.switchboard.common.lifecycle.ShutdownStack;
import io.switchboard.common.metrics.MetricsEndpoint;
import io.switchboard.common.metrics.ProcessMetrics;
import io.switchboard.common.prompt.PromptLibrary;
import io.switchboard.common.rtp.MediaNegotiation;
import io.switchboard.common.rtp.RtpEndpoints;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransport;
import io.switchboard.common.sip.SipTransportSettings;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * What every worker role's process (IVR, queue, meeting) is made of, assembled in three steps so the
 * role puts its own parts in between: {@link #open} (metrics, the cluster member, the RTP endpoints,
 * the timer pool), {@link #listen} (the worker skeleton on its SIP transport, members only), and
 * {@link #announce} (/metrics over HTTP and the heartbeat). Everything goes on one shutdown stack, in
 * that order with the role's own parts ({@link #onClose}), and is closed in reverse: the heartbeat
 * first, the cluster last.
 */
public final class WorkerNode implements AutoCloseable {

    /**
     * The settings every worker role has.
     *
     * @param role         the registry role ({@code ivr}, {@code queue}, {@code meeting})
     * @param label        how logs and errors name it ({@code IVR}, {@code queue}, {@code meeting})
     * @param serverHeader the product in the Server header of its SIP answers
     * @param sharedRtpPort calls share their media loop's RTP port (batched sends and receives) instead of a pair each
     */
    public record Spec(String role, String label, String serverHeader, String nodeName, String privateAddress,
                       String publicAddress, String advertisedAddress, ClusterSettings cluster, boolean jvmMetrics,
                       String sipAddress, int sipPort, int rtpPortMin, int rtpPortMax, int eventLoops, int maxSessions,
                       String httpAddress, int httpPort, boolean sharedRtpPort) {
    }

    /** A role's own start-up steps, given the server object they fill in. */
    @FunctionalInterface
    public interface Boot<T> {
        void run(T server) throws Exception;
    }

    /**
     * Runs {@code boot} on {@code server}; if it fails, closes whatever it opened and rethrows, a
     * listener that could not be opened named with {@code role} ("queue server: cannot listen on ...").
     */
    public static <T extends AutoCloseable> T start(T server, String role, Boot<T> boot) throws Exception {
        try {
            boot.run(server);
            return server;
        } catch (io.switchboard.common.lifecycle.ListenError e) {
            server.close();
            throw e.inRole(role);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    private final Spec spec;
    private final ShutdownStack stack = new ShutdownStack();
    private ProcessMetrics metrics;
    private HazelcastInstance hz;
    private RtpEndpoints rtp;
    private ScheduledThreadPoolExecutor timers;
    private WorkerRole role;
    private WorkerCalls calls;
    private SipTransport transport;
    private MetricsEndpoint http;
    private NodeRegistry registry;

    private WorkerNode(Spec spec) {
        this.spec = spec;
    }

    /**
     * Metrics, the cluster member (a lite member with the role's maps configured by {@code maps}, or
     * the all-in-one's {@code shared} member, which is left running on close), the RTP endpoints and
     * the timer pool. On failure whatever was opened is closed again.
     */
    public static WorkerNode open(Spec spec, HazelcastInstance shared, Consumer<Config> maps) throws Exception {
        WorkerNode node = new WorkerNode(spec);
        try {
            node.metrics = new ProcessMetrics(spec.nodeName(), spec.role(), spec.jvmMetrics());
            node.stack.push(node.metrics);
            if (shared != null) {
                node.hz = shared;
            } else {
                // A lite member: it reads the role's maps and writes its heartbeat, owns no partitions.
                node.hz = ClusterMember.start(spec.cluster(), spec.nodeName(), config -> {
                    config.setLiteMember(true);
                    maps.accept(config);
                });
                HazelcastInstance own = node.hz;
                node.stack.push(own::shutdown);
            }
            node.rtp = new RtpEndpoints(InetAddress.getByName(spec.sipAddress()), spec.rtpPortMin(), spec.rtpPortMax(),
                    spec.eventLoops(), spec.sharedRtpPort());
            node.stack.push(node.rtp);
            node.timers = new ScheduledThreadPoolExecutor(2, new DefaultThreadFactory(spec.role(), true));
            node.timers.setRemoveOnCancelPolicy(true);
            node.stack.push(node.timers::shutdownNow);
            node.role = new WorkerRole(spec.role(), spec.label(), spec.advertisedAddress(), spec.maxSessions());
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    /**
     * The worker skeleton answering {@code applications} on the role's SIP socket, its media from
     * {@code ports}; only cluster members may drive it (a direct INVITE would have it stream RTP to any
     * address in its SDP). Its calls are not ended here: the role pushes how ({@link #onClose}).
     */
    public WorkerCalls listen(WorkerApplications applications, MediaPorts ports, PromptLibrary prompts) throws Exception {
        return listen(applications, ports, prompts, CodecRegistry.standard());
    }

    /** As {@link #listen(WorkerApplications, MediaPorts, PromptLibrary)}, answering with {@code codecs} (a wideband set). */
    public WorkerCalls listen(WorkerApplications applications, MediaPorts ports, PromptLibrary prompts, CodecRegistry codecs)
            throws Exception {
        SipMessages messages = new SipMessages(spec.serverHeader());
        calls = new WorkerCalls(role, applications, ports, new MediaNegotiation(codecs), prompts, messages, timers);
        SipTransportSettings sip = new SipTransportSettings(spec.sipAddress(), spec.sipPort(), true, false, 8, 1024,
                500, SipTransportSettings.MAX_DATAGRAM, 1 << 20, 500).withAdvertisedAddress(spec.advertisedAddress());
        transport = SipTransport.start(sip, calls, messages, metrics.registry());
        calls.attach(transport);
        calls.admitOnly(new ClusterPeers(List.of()).follow(hz)::allows);
        stack.push(transport);
        calls.meters().bindTo(metrics.registry(), role, calls);
        return calls;
    }

    /** /metrics over HTTP, then the heartbeat in {@code nodes} with {@code sessions} as the node's load. */
    public NodeRegistry announce(String version, IntSupplier sessions) throws Exception {
        http = new MetricsEndpoint(spec.httpAddress(), spec.httpPort(), metrics, spec.role() + "-http");
        stack.push(http);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("sip", transport.port());
        ports.put("metrics", http.port());
        registry = new NodeRegistry(hz, new NodeStatus(spec.nodeName(), spec.role(), spec.privateAddress(),
                spec.publicAddress(), ports, version, 0, spec.maxSessions(), System.currentTimeMillis(), 0,
                spec.cluster().heartbeat().toMillis(), false), sessions);
        registry.start();
        stack.push(registry);
        return registry;
    }

    /** A part of the role closed before everything pushed earlier (and after everything pushed later). */
    public void onClose(AutoCloseable part) {
        stack.push(part);
    }

    /**
     * Whether {@code name} is a node of this role that may be given new work: online, in the server
     * inventory and enabled (true before the heartbeat runs: nobody is taken over then).
     */
    public boolean serving(String name) {
        if (registry == null) {
            return true;
        }
        for (NodeStatus n : registry.serving(spec.role())) {
            if (n.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code name} is a heartbeating node of this role, serving or draining (true before the heartbeat runs). */
    public boolean alive(String name) {
        if (registry == null) {
            return true;
        }
        return registry.node(name).filter(n -> n.role().equals(spec.role()) && registry.isOnline(n)).isPresent();
    }

    /** The nodes of this role that may be given new work (empty before the heartbeat runs). */
    public List<NodeStatus> servingNodes() {
        return registry == null ? List.of() : registry.serving(spec.role());
    }

    /** The banner lines every worker prints after its title: SIP, RTP, prompts, then the role's, then metrics and cluster. */
    public void printBanner(PrintStream out, String title, String sessionsNoun, Path promptDir, Consumer<PrintStream> own) {
        out.printf("Switchboard %s is up (node %s)%n", title, spec.nodeName());
        out.printf("  SIP         udp %s:%d (Contact %s)%n", spec.sipAddress(), sipPort(), spec.advertisedAddress());
        out.printf("  RTP         %s ports %d-%d, at most %d %s%s%n", spec.sipAddress(), spec.rtpPortMin(), spec.rtpPortMax(),
                spec.maxSessions(), sessionsNoun, rtp.shared() ? " (calls share port " + rtp.sharedPorts() + ")" : "");
        out.printf("  Prompts     %s%n", promptDir);
        own.accept(out);
        out.printf("  Metrics     %s%n", MetricsEndpoint.url(spec.httpAddress(), httpPort()));
        out.printf("  Cluster     '%s', member %s%n", spec.cluster().name(), hz.getCluster().getLocalMember().getAddress());
        out.flush();
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }

    public RtpEndpoints rtp() {
        return rtp;
    }

    public ScheduledThreadPoolExecutor timers() {
        return timers;
    }

    public ProcessMetrics metrics() {
        return metrics;
    }

    public WorkerRole role() {
        return role;
    }

    public WorkerCalls calls() {
        return calls;
    }

    public NodeRegistry registry() {
        return registry;
    }

    public int sipPort() {
        return transport.port();
    }

    public int httpPort() {
        return http.port();
    }

    /**
     * Stops as kill -9 would, for failure tests that run nodes in one JVM: the heartbeat stops, the SIP
     * socket and RTP ports close, nobody hears a BYE. {@link #close()} afterwards frees the rest.
     */
    public void halt() {
        registry.halt();
        transport.close();
        rtp.close();
    }

    @Override
    public void close() {
        stack.close();
    }
}
