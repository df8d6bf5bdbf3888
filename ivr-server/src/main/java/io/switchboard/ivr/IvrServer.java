package io.switchboard.ivr;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.ivr.IvrApps;
import io.switchboard.common.prompt.PromptLibrary;
import io.switchboard.common.rtp.RtpEndpoints;
import io.switchboard.common.worker.MediaPorts;
import io.switchboard.common.worker.WorkerCalls;
import io.switchboard.common.worker.WorkerNode;
import io.switchboard.ivr.call.IvrApplications;
import io.switchboard.ivr.call.IvrCalls;
import io.switchboard.ivr.call.IvrMeters;
import java.io.PrintStream;
import java.time.Clock;

/**
 * The IVR process assembled in one place, in start-up order: the worker node's metrics, cluster
 * member, RTP endpoints and call event executor ({@link WorkerNode}), the demo content, the worker
 * skeleton ({@link WorkerCalls}) running IVR sessions ({@link IvrApplications}), /metrics HTTP and
 * the heartbeat. {@link #close()} stops them in reverse: the heartbeat goes offline first, callers
 * get BYE, the ports are released, the cluster last.
 */
public final class IvrServer implements AutoCloseable {
    public static final String ROLE = "ivr";

    private WorkerNode node;
    private IvrApps apps;
    private IvrCalls calls;

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
        IvrServer server = WorkerNode.start(new IvrServer(), "IVR server", x -> x.boot(settings, version, shared));
        server.node.printBanner(out, "IVR server", "callers", settings.promptDir(), o -> { });
        return server;
    }

    private void boot(IvrSettings s, String version, HazelcastInstance shared) throws Exception {
        node = WorkerNode.open(new WorkerNode.Spec(ROLE, "IVR", "Switchboard-IVR", s.nodeName(), s.privateAddress(),
                s.publicAddress(), s.advertisedAddress(), s.cluster(), s.jvmMetrics(), s.sipAddress(), s.sipPort(),
                s.rtpPortMin(), s.rtpPortMax(), s.eventLoops(), s.maxSessions(), s.httpAddress(), s.httpPort(), false),
                shared, IvrApps::configure);
        apps = new IvrApps(node.hazelcast());
        DemoContent.installPrompts(s.promptDir());
        if (s.demo()) {
            DemoContent.installDemoApp(apps, s.promptDir());
        }
        IvrMeters ivrMeters = new IvrMeters();
        WorkerCalls worker = node.listen(new IvrApplications(apps, ivrMeters, Clock.systemUTC()), MediaPorts.of(node.rtp()),
                new PromptLibrary(s.promptDir()));
        calls = new IvrCalls(worker, ivrMeters);
        node.onClose(worker::closeAll);
        ivrMeters.bindTo(node.metrics().registry());
        node.announce(version, calls::size);
    }

    public int sipPort() {
        return node.sipPort();
    }

    public int httpPort() {
        return node.httpPort();
    }

    public IvrCalls calls() {
        return calls;
    }

    public IvrApps apps() {
        return apps;
    }

    public RtpEndpoints rtp() {
        return node.rtp();
    }

    public NodeRegistry registry() {
        return node.registry();
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
    }
}
