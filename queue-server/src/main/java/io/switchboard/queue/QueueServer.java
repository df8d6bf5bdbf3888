package io.switchboard.queue;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.prompt.PromptLibrary;
import io.switchboard.common.queue.BusyAgents;
import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueCallLog;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.common.queue.QueueMaps;
import io.switchboard.common.queue.QueueOwners;
import io.switchboard.common.queue.QueueStatsBoard;
import io.switchboard.common.worker.MediaPorts;
import io.switchboard.common.worker.WorkerCalls;
import io.switchboard.common.worker.WorkerNode;
import io.switchboard.queue.call.QueueApplications;
import io.switchboard.queue.call.QueueContext;
import io.switchboard.queue.call.QueueHost;
import io.switchboard.queue.call.QueueMeters;
import io.switchboard.queue.logic.AgentPicker;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The queue process assembled in one place, in start-up order: the worker node's metrics, cluster
 * member, RTP endpoints and timers ({@link WorkerNode}), the prompts, the worker skeleton
 * ({@link WorkerCalls}) running the queues this node hosts ({@link QueueHost}), /metrics HTTP and the heartbeat.
 * {@link #close()} stops them in reverse: the heartbeat goes offline first, the queues are given up
 * (another node takes them), callers get BYE, the ports are released, the cluster last.
 */
public final class QueueServer implements AutoCloseable {
    public static final String ROLE = "queue";

    private WorkerNode node;
    private QueueHost host;

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
        QueueServer server = WorkerNode.start(new QueueServer(), "queue server", x -> x.boot(settings, version, shared));
        server.node.printBanner(out, "queue server", "sessions", settings.promptDir(), o -> { });
        return server;
    }

    private void boot(QueueSettings s, String version, HazelcastInstance shared) throws Exception {
        node = WorkerNode.open(new WorkerNode.Spec(ROLE, "queue", "Switchboard-Queue", s.nodeName(), s.privateAddress(),
                s.publicAddress(), s.advertisedAddress(), s.cluster(), s.jvmMetrics(), s.sipAddress(), s.sipPort(),
                s.rtpPortMin(), s.rtpPortMax(), s.eventLoops(), s.maxSessions(), s.httpAddress(), s.httpPort(),
                s.sharedRtpPort()),
                shared, QueueMaps::configure);
        QueuePrompts.install(s.promptDir());
        HazelcastInstance hz = node.hazelcast();
        QueueDefinitions definitions = new QueueDefinitions(hz);
        QueueAgents agents = new QueueAgents(hz, Clock.systemUTC());
        QueueMeters queueMeters = new QueueMeters();
        // The callers' records go to signaling through the cluster; closed (what is buffered sent)
        // after the callers got their BYE and before the cluster goes.
        QueueCallLog callLog = new QueueCallLog(hz);
        node.onClose(callLog);
        // The host needs the worker (to place calls) and the worker the host's numbers: tied once both exist.
        AtomicReference<QueueApplications> numbers = new AtomicReference<>();
        AtomicReference<WorkerCalls> worker = new AtomicReference<>();
        QueueContext ctx = new QueueContext(s.nodeName(), (dial, listener) -> worker.get().dial(dial, listener), agents,
                new BusyAgents(hz), new QueueStatsBoard(hz), callLog::publish, new AgentPicker(), node.timers(),
                Clock.systemUTC(), new java.util.Random(), queueMeters, new io.switchboard.common.queue.QueueCallbacks(hz));
        host = new QueueHost(s.nodeName(), definitions, new QueueOwners(hz), node::serving, ctx);
        numbers.set(new QueueApplications(host, agents, definitions));
        worker.set(node.listen(number -> numbers.get().byNumber(number), MediaPorts.of(node.rtp()),
                new PromptLibrary(s.promptDir())));
        // Runs after the heartbeat went offline and the queues were released (pushed later, closed first).
        node.onClose(() -> endCalls(s.nodeName()));
        queueMeters.bindTo(node.metrics().registry());
        queueMeters.watchRecords(callLog);
        node.announce(version, worker.get()::size);
        host.start();
        // Closed before the registry goes offline and the callers get BYE: the queues are released first.
        node.onClose(host);
    }

    /**
     * With another queue node online, the waiting callers are left to signaling, which sees this node
     * offline and offers each to its queue again (the node that takes the queue keeps their place): a
     * restart or an upgrade drops no caller. Alone, the callers get BYE.
     */
    private void endCalls(String self) {
        boolean another = node.servingNodes().stream().anyMatch(n -> !n.name().equals(self));
        if (another) {
            node.calls().leaveAll();
        } else {
            node.calls().closeAll();
        }
    }

    public int sipPort() {
        return node.sipPort();
    }

    public int httpPort() {
        return node.httpPort();
    }

    public WorkerCalls worker() {
        return node.calls();
    }

    public QueueHost host() {
        return host;
    }

    public NodeRegistry registry() {
        return node.registry();
    }

    /**
     * Stops as kill -9 would, for failure tests that run nodes in one JVM: the heartbeat stops, the
     * SIP socket and RTP ports close, no caller hears a BYE and no queue is released; the cluster
     * finds the node gone when its heartbeat ages out. {@link #close()} afterwards frees the rest.
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
