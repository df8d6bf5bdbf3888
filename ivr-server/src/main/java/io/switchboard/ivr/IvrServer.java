package io.switchboard.ivr;

import com.hazelcast.core.HazelcastInstance;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.codec.CodecRegistry;
import io.switchboard.common.ivr.IvrApps;
import io.switchboard.common.lifecycle.ShutdownStack;
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
import io.switchboard.ivr.call.IvrApplications;
import io.switchboard.ivr.call.IvrCalls;
import io.switchboard.ivr.call.IvrMeters;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The IVR process assembled in one place, in start-up order: metrics, cluster member, demo content,
 * RTP endpoints, the call event executor, the SIP transport with the worker skeleton
 * ({@link WorkerCalls}) running IVR sessions ({@link IvrApplications}), /metrics HTTP and the
 * heartbeat. {@link #close()} stops them in reverse: the heartbeat goes offline first, callers get
 * BYE, the ports are released, the cluster last.
 */
public final class IvrServer implements AutoCloseable {
    public static final String ROLE = "ivr";

    private final ShutdownStack stack = new ShutdownStack();
    private ProcessMetrics metrics;
    private HazelcastInstance hz;
    private IvrApps apps;
    private RtpEndpoints rtp;
    private IvrCalls calls;
    private SipTransport transport;
    private MetricsEndpoint http;
    private NodeRegistry registry;

    private IvrServer() {
    }

    /** Starts everything, joining the Hazelcast cluster of {@code settings.cluster()} as a lite member. */
    public static IvrServer start(IvrSettings settings, String version, PrintStream out) throws Exception {
        return start(settings, version, out, null);
    }

    /**
     * The all-in-one's IVR node: it uses the process's own Hazelcast member (configured with
     * {@link IvrApps#configure}) instead of starting a second one, and leaves it running on close.
     */
    public static IvrServer embedded(IvrSettings settings, String version, PrintStream out, HazelcastInstance shared)
            throws Exception {
        return start(settings, version, out, shared);
    }

    private static IvrServer start(IvrSettings settings, String version, PrintStream out, HazelcastInstance shared)
            throws Exception {
        IvrServer server = new IvrServer();
        try {
            server.boot(settings, version, shared);
        } catch (io.switchboard.common.lifecycle.ListenError e) {
            server.close();
            throw e.inRole("IVR server");
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        server.printBanner(settings, out);
        return server;
    }

    private void boot(IvrSettings s, String version, HazelcastInstance shared) throws Exception {
        metrics = new ProcessMetrics(s.nodeName(), ROLE, s.jvmMetrics());
        stack.push(metrics);
        if (shared != null) {
            hz = shared;
        } else {
            // A lite member, like the media role: it reads `ivr-apps` and writes its heartbeat, owns no partitions.
            hz = ClusterMember.start(s.cluster(), s.nodeName(), config -> {
                config.setLiteMember(true);
                IvrApps.configure(config);
            });
            stack.push(() -> hz.shutdown());
        }
        apps = new IvrApps(hz);
        DemoContent.installPrompts(s.promptDir());
        if (s.demo()) {
            DemoContent.installDemoApp(apps, s.promptDir());
        }
        rtp = new RtpEndpoints(InetAddress.getByName(s.sipAddress()), s.rtpPortMin(), s.rtpPortMax(), s.eventLoops());
        stack.push(rtp);
        ScheduledThreadPoolExecutor events = new ScheduledThreadPoolExecutor(2, new DefaultThreadFactory("ivr-call", true));
        events.setRemoveOnCancelPolicy(true);
        stack.push(events::shutdownNow);
        IvrMeters ivrMeters = new IvrMeters();
        WorkerRole role = new WorkerRole(ROLE, "IVR", s.advertisedAddress(), s.maxSessions());
        WorkerCalls worker = new WorkerCalls(role, new IvrApplications(apps, ivrMeters, Clock.systemUTC()),
                MediaPorts.of(rtp), new MediaNegotiation(CodecRegistry.standard()), new PromptLibrary(s.promptDir()),
                new SipMessages("Switchboard-IVR"), events);
        calls = new IvrCalls(worker, ivrMeters);
        SipTransportSettings sipSettings = new SipTransportSettings(s.sipAddress(), s.sipPort(), true, false, 8, 1024,
                500, SipTransportSettings.MAX_DATAGRAM, 1 << 20, 500).withAdvertisedAddress(s.advertisedAddress());
        transport = SipTransport.start(sipSettings, worker, new SipMessages("Switchboard-IVR"), metrics.registry());
        worker.attach(transport);
        // A direct INVITE would have the IVR stream RTP to any address in its SDP: members only.
        worker.admitOnly(new io.switchboard.common.cluster.ClusterPeers(java.util.List.of()).follow(hz)::allows);
        stack.push(transport);
        stack.push(worker::closeAll);
        worker.meters().bindTo(metrics.registry(), role, worker);
        ivrMeters.bindTo(metrics.registry());
        http = new MetricsEndpoint(s.httpAddress(), s.httpPort(), metrics, "ivr-http");
        stack.push(http);
        Map<String, Integer> portMap = new LinkedHashMap<>();
        portMap.put("sip", transport.port());
        portMap.put("metrics", httpPort());
        registry = new NodeRegistry(hz, new NodeStatus(s.nodeName(), ROLE, s.privateAddress(), s.publicAddress(), portMap,
                version, 0, s.maxSessions(), System.currentTimeMillis(), 0, s.cluster().heartbeat().toMillis(), false),
                calls::size);
        registry.start();
        stack.push(registry);
    }

    private void printBanner(IvrSettings s, PrintStream out) {
        out.printf("Switchboard IVR server is up (node %s)%n", s.nodeName());
        out.printf("  SIP         udp %s:%d (Contact %s)%n", s.sipAddress(), sipPort(), s.advertisedAddress());
        out.printf("  RTP         %s ports %d-%d, at most %d callers%n", s.sipAddress(), s.rtpPortMin(), s.rtpPortMax(),
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

    public IvrCalls calls() {
        return calls;
    }

    public IvrApps apps() {
        return apps;
    }

    public RtpEndpoints rtp() {
        return rtp;
    }

    public NodeRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        stack.close();
    }
}
