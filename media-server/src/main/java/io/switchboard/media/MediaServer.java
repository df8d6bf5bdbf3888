package io.switchboard.media;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.lifecycle.ShutdownStack;
import io.switchboard.common.metrics.MetricsEndpoint;
import io.switchboard.common.metrics.ProcessMetrics;
import io.switchboard.media.ng.NgControl;
import io.switchboard.media.ng.NgServer;
import io.switchboard.media.record.CallRecorder;
import io.switchboard.media.relay.RelayPorts;
import io.switchboard.media.relay.RelaySessions;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The media process assembled in one place, in start-up order: metrics, relay ports and sessions,
 * recorder, ng control socket, /metrics HTTP, cluster member and heartbeat. {@link #close()} stops
 * them in reverse: the heartbeat goes offline first, the ports are released, the cluster last.
 */
public final class MediaServer implements AutoCloseable {
    public static final String ROLE = "media";

    private final ShutdownStack stack = new ShutdownStack();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MediaServer.class);
    private RelayPorts ports;
    private DescriptorBudget descriptors;
    private RelaySessions sessions;
    private NgServer ng;
    private io.switchboard.common.cluster.ClusterPeers peers;
    private MetricsEndpoint http;
    private HazelcastInstance hz;
    private NodeRegistry registry;
    private CallRecorder recorder;
    private ProcessMetrics metrics;

    private MediaServer() {
    }

    /** Starts everything, joining the Hazelcast cluster of {@code settings.cluster()}. */
    public static MediaServer start(MediaSettings settings, String version, PrintStream out) throws Exception {
        return start(settings, version, out, true);
    }

    /**
     * @param joinCluster false runs the relay, ng and /metrics without Hazelcast (embedded use and tests)
     */
    public static MediaServer start(MediaSettings settings, String version, PrintStream out, boolean joinCluster) throws Exception {
        return start(settings, version, out, joinCluster, null);
    }

    /**
     * The all-in-one's default local media server: it publishes itself through the process's own
     * Hazelcast member instead of starting a second one, and leaves that member running on close.
     */
    public static MediaServer embedded(MediaSettings settings, String version, PrintStream out, HazelcastInstance shared)
            throws Exception {
        return start(settings, version, out, true, shared);
    }

    private static MediaServer start(MediaSettings settings, String version, PrintStream out, boolean joinCluster,
                                     HazelcastInstance shared) throws Exception {
        MediaServer server = new MediaServer();
        try {
            server.boot(settings, version, joinCluster, shared);
        } catch (io.switchboard.common.lifecycle.ListenError e) {
            server.close();
            throw e.inRole("media server");
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        server.printBanner(settings, out);
        return server;
    }

    private void boot(MediaSettings s, String version, boolean joinCluster, HazelcastInstance shared) throws Exception {
        metrics = new ProcessMetrics(s.nodeName(), ROLE, s.jvmMetrics());
        stack.push(metrics);
        ports = new RelayPorts(InetAddress.getByName(s.rtpAddress()), s.portMin(), s.portMax(), s.eventLoops());
        stack.push(ports);
        recorder = new CallRecorder(s.recordingDir(), s.recordingQueueFrames());
        stack.push(recorder);
        // The cap the cluster sees is what the port range (2 pairs a call) and the open-file limit
        // really hold, not just the setting. Descriptors are checked per new call against the sockets
        // open (2 a call with rtcp-mux, 4 without): the cap counts them as the calls multiplex.
        descriptors = DescriptorBudget.ofThisProcess();
        int capacity = (int) Math.min(Math.min(s.maxSessions(), ports.capacityPairs() / 2), descriptors.muxedCalls());
        int wanted = Math.min(s.maxSessions(), ports.capacityPairs() / 2);
        if (descriptors.calls() < wanted) {
            LOG.warn("open-file limit {} holds {} calls whose phones use rtcp-mux but only {} whose phones do not, fewer than"
                    + " media.max-sessions={} and the port range allow; raise it to {} (ulimit -n, or LimitNOFILE= in the"
                    + " systemd unit)", descriptors.limit(), descriptors.muxedCalls(), descriptors.calls(), s.maxSessions(),
                    descriptors.limitFor(wanted));
        }
        DescriptorBudget budget = descriptors;
        sessions = new RelaySessions(ports, capacity, s.timeout(), budget::admits);
        stack.push(sessions);
        // WebRTC legs: the node's DTLS certificate (made now, about 50 ms) and the DTLS handshake threads.
        io.switchboard.media.webrtc.WebRtcMedia webrtc = new io.switchboard.media.webrtc.WebRtcMedia(new java.security.SecureRandom());
        stack.push(webrtc);
        NgControl control = new NgControl(sessions, s.privateAddress(), s.publicAddress(), recorder, s.recordingEnabled(), webrtc);
        // ng opens relay ports and points RTP anywhere: only the cluster's members (or media.ng-allow) may
        // drive it. A relay without a cluster (driven by Kamailio, benchmarks) takes loopback unless told.
        peers = new io.switchboard.common.cluster.ClusterPeers(
                s.ngAllow().isEmpty() && !joinCluster ? java.util.List.of("127.0.0.1") : s.ngAllow());
        // Before the node is online (the registry below): offers from signaling then meet a warm path.
        io.switchboard.media.ng.NgWarmup.run(control, s.warmupOffers(), java.time.Duration.ofSeconds(20));
        // The SRTP library benchmarks its AES implementations once per JVM (about 1 s): here, not in a call's setup.
        io.switchboard.media.srtp.SrtpStream.warmUp();
        ng = new NgServer(new InetSocketAddress(s.ngAddress(), s.ngPort()), control, peers::allows);
        stack.push(ng);
        new MediaMeters(sessions, ports, ng, recorder).bindTo(metrics.registry());
        http = new MetricsEndpoint(s.httpAddress(), s.httpPort(), metrics, "media-http");
        stack.push(http);
        if (joinCluster) {
            if (shared != null) {
                hz = shared;
            } else {
                // A lite member: it uses the cluster's maps but owns no partitions. Data (users with
                // their database store, registrations, calls) lives on the signaling members only,
                // which alone are configured for it; a worker holding partitions of `users` without
                // its MapStore would answer "no such user" for them.
                hz = ClusterMember.start(s.cluster(), s.nodeName(), config -> config.setLiteMember(true));
                stack.push(() -> hz.shutdown());
            }
            peers.follow(hz);
            Map<String, Integer> portMap = new LinkedHashMap<>();
            portMap.put("ng", ng.port());
            portMap.put("metrics", httpPort());
            registry = new NodeRegistry(hz, new NodeStatus(s.nodeName(), ROLE, s.privateAddress(), s.publicAddress(), portMap,
                    version, 0, sessions.maxSessions(), System.currentTimeMillis(), 0, s.cluster().heartbeat().toMillis(), false),
                    sessions::size);
            registry.start();
            stack.push(registry);
            followInventory(registry.inventory(), control, s);
        }
    }

    /**
     * The inventory is the source of truth for the public IP: when this server's row names one, it is
     * what SDP offers to peers outside; when the row has none, {@code node.public-address} stays.
     */
    private static void followInventory(io.switchboard.common.cluster.ServerInventory inventory, NgControl control,
                                        MediaSettings s) {
        Runnable apply = () -> {
            String wanted = inventory.find(s.nodeName()).map(io.switchboard.common.cluster.ServerRecord::publicAddress)
                    .filter(a -> !a.isEmpty()).orElse(s.publicAddress());
            if (!wanted.equals(control.publicAddress())) {
                LOG.info("public IP offered to peers outside is now {}", wanted.isEmpty() ? "none (private " + s.privateAddress()
                        + " for everyone)" : wanted + " (from the server inventory)");
                control.publicAddress(wanted);
            }
        };
        inventory.follow(name -> {
            if (name.equals(s.nodeName())) {
                apply.run();
            }
        });
        apply.run();
    }

    private void printBanner(MediaSettings s, PrintStream out) {
        out.printf("Switchboard media server is up (node %s, %s transport)%n", s.nodeName(), ports.epoll() ? "epoll" : "nio");
        out.printf("  ng control  udp %s:%d%n", s.ngAddress(), ngPort());
        out.printf("  RTP relay   %s ports %d-%d, at most %d calls, timeout %ss%n", s.rtpAddress(), s.portMin(), s.portMax(),
                sessions.maxSessions(), s.timeout().toMillis() / 1000.0);
        if (descriptors.limit() >= 0) {
            out.printf("  Open files  limit %d, room for %d calls whose phones use rtcp-mux (2 descriptors a call),"
                    + " %d whose phones do not (%d a call)%n", descriptors.limit(), descriptors.muxedCalls(), descriptors.calls(),
                    DescriptorBudget.PER_CALL);
        }
        out.printf("  SDP address %s%n", s.publicAddress().isEmpty() ? s.privateAddress() : s.publicAddress() + " (private " + s.privateAddress() + ")");
        out.printf("  Metrics     %s%n", MetricsEndpoint.url(s.httpAddress(), httpPort()));
        out.printf("  Recording   %s, to %s%n", s.recordingEnabled() ? "every call" : "on request", s.recordingDir());
        if (hz != null) {
            out.printf("  Cluster     '%s', member %s%n", s.cluster().name(), hz.getCluster().getLocalMember().getAddress());
        }
        out.flush();
    }

    /** ng commands dropped because their source was not allowed. */
    public long ngRefused() {
        return ng.refused();
    }

    public int ngPort() {
        return ng.port();
    }

    public int httpPort() {
        return http.port();
    }

    public RelaySessions sessions() {
        return sessions;
    }

    public RelayPorts ports() {
        return ports;
    }

    public NodeRegistry registry() {
        return registry;
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }

    @Override
    public void close() {
        stack.close();
    }
}
