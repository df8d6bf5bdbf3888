package io.switchboard.queue.call;

import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.common.queue.QueueOwners;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queues this node hosts. Every second it claims each queue nobody hosts, or whose host is no
 * longer online ({@link QueueOwners}: compare-and-set, so one node wins), runs a {@link QueueRuntime}
 * for each queue it holds, follows definition changes, and drops the queues it lost or that were
 * deleted. Signaling routes a queue's callers to its host.
 */
public final class QueueHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueHost.class);

    private final String node;
    private final QueueDefinitions definitions;
    private final QueueOwners owners;
    private final Predicate<String> online;
    private final QueueContext ctx;
    private final Map<String, QueueRuntime> hosted = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweep;
    private volatile boolean halted;
    private java.util.UUID freedListener;

    public QueueHost(String node, QueueDefinitions definitions, QueueOwners owners, Predicate<String> online, QueueContext ctx) {
        this.node = node;
        this.definitions = definitions;
        this.owners = owners;
        this.online = online;
        this.ctx = ctx;
    }

    public void start() {
        sweep = ctx.timers().scheduleWithFixedDelay(this::sweep, 0, 1, TimeUnit.SECONDS);
        try {
            freedListener = ctx.agents().onFreed(agent -> hosted.values().forEach(r -> r.agentFreed(agent)));
        } catch (RuntimeException e) {
            // Without the events, the queues' 1 s poll still finds freed agents.
            LOG.warn("agent events not followed ({}); freed agents are offered at the next poll", e.toString());
        }
    }

    /** The runtime of the queue on {@code number}, claiming the queue when nobody online hosts it. */
    Optional<QueueRuntime> forNumber(String number) {
        Optional<QueueDefinition> q = definitions.byNumber(number);
        if (q.isEmpty()) {
            return Optional.empty();
        }
        QueueRuntime r = hosted.get(q.get().name());
        if (r != null) {
            return Optional.of(r);
        }
        // Signaling sent the caller here: it found no online host, or ours is newer than its view.
        owners.claim(q.get().name(), node, online);
        return Optional.of(hosting(q.get()));
    }

    private QueueRuntime hosting(QueueDefinition q) {
        return hosted.computeIfAbsent(q.name(), name -> {
            QueueRuntime r = new QueueRuntime(q, ctx);
            r.start();
            ctx.meters().watch(name, r::latest);
            LOG.info("queue '{}' (number {}) is hosted on this node", name, q.number());
            return r;
        });
    }

    private void sweep() {
        try {
            List<QueueDefinition> all = definitions.all();
            // A disabled (draining) node claims nothing: its queues go to serving nodes, it keeps its callers.
            boolean serving = online.test(node);
            for (QueueDefinition q : all) {
                String owner = serving ? owners.claim(q.name(), node, online) : owners.hostOf(q.name()).orElse("");
                QueueRuntime r = hosted.get(q.name());
                if (owner.equals(node)) {
                    if (r == null) {
                        hosting(q);
                    } else if (!r.definition().equals(q)) {
                        r.execute(() -> r.redefine(q));
                    }
                } else if (r != null && r.waitingCount() == 0) {
                    // Another node hosts it now; ours is dropped once its last caller is gone.
                    drop(q.name());
                }
            }
            for (String name : List.copyOf(hosted.keySet())) {
                if (definitions.get(name).isEmpty()) {
                    drop(name, true);
                    owners.release(name, node);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("queue ownership sweep failed: {}", e.toString());
        }
    }

    private void drop(String name) {
        drop(name, false);
    }

    private void drop(String name, boolean deleted) {
        QueueRuntime r = hosted.remove(name);
        if (r != null) {
            ctx.meters().unwatch(name);
            r.stop(deleted);
            LOG.info("queue '{}' is no longer hosted on this node", name);
        }
    }

    /** Callers waiting on this node, over every queue. */
    public int waiting() {
        int n = 0;
        for (QueueRuntime r : hosted.values()) {
            n += r.waitingCount();
        }
        return n;
    }

    /** The callers waiting in {@code queue} on this node, in line order (empty when not hosted here). */
    public List<WaitingCaller> line(String queue) {
        QueueRuntime r = hosted.get(queue);
        return r == null ? List.of() : r.line();
    }

    public List<String> hostedQueues() {
        return List.copyOf(hosted.keySet());
    }

    /** Stops claiming and sweeping without releasing anything (a crash, in failure tests). */
    public void halt() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        halted = true;
    }

    /** Gives every queue up, so another node takes them at its next sweep. */
    @Override
    public void close() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        if (freedListener != null) {
            try {
                ctx.agents().removeListener(freedListener);
            } catch (RuntimeException e) {
                LOG.debug("agent listener not removed: {}", e.toString());
            }
        }
        if (halted) {
            return;
        }
        for (String name : List.copyOf(hosted.keySet())) {
            drop(name);
            try {
                owners.release(name, node);
            } catch (RuntimeException e) {
                LOG.debug("queue '{}' not released: {}", name, e.toString());
            }
        }
    }
}
