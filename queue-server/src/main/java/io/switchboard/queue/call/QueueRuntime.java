package io.switchboard.queue.call;

import io.switchboard.common.queue.AgentState;
import io.switchboard.common.queue.AgentStatus;
import io.switchboard.common.queue.PendingCallback;
import io.switchboard.common.queue.QueueCallHeaders;
import io.switchboard.common.queue.QueueCallOutcome;
import io.switchboard.common.queue.QueueCallRecord;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.common.queue.QueueStats;
import io.switchboard.common.worker.CallEnd;
import io.switchboard.common.worker.Dial;
import io.switchboard.common.worker.DialListener;
import io.switchboard.common.worker.DialedCall;
import io.switchboard.common.worker.WorkerApplication;
import io.switchboard.common.worker.WorkerCall;
import io.switchboard.common.worker.WorkerSession;
import io.switchboard.queue.logic.AgentPicker;
import io.switchboard.queue.logic.QueueTally;
import io.switchboard.queue.logic.WaitEstimate;
import io.switchboard.queue.logic.WaitingLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue hosted on this node: its line of callers in order, the agents rung for them, and the
 * join of caller and agent. Every method runs on the queue's {@link SerialExecutor}, so the state
 * needs no lock; the cluster's agent states are changed by compare-and-set ({@code QueueAgents}).
 *
 * <p>A caller joins when its call starts, hears the greeting and music on hold, and is offered to
 * agents by the queue's strategy ({@link AgentPicker}). An agent is rung with an INVITE through
 * signaling from this node (the caller's number and name, plus the queue's name, in From); the
 * first to answer is joined to the caller by a REFER with Replaces on the caller's dialog (RFC 3891,
 * RFC 5589 §7): signaling joins the two relay legs on the media node and releases both our dialogs,
 * so a connected call costs this node nothing. The agent's call ends at signaling, which puts the
 * agent into wrap-up.
 *
 * <p>An agent on a call (signaling's {@code agent-calls}) is not offered a caller unless the queue
 * {@link QueueDefinition#offerBusyAgents offers busy agents}. Every caller leaving the line, whichever
 * way, leaves one {@link QueueCallRecord} ({@link QueueContext#records()}), which signaling stores.
 */
final class QueueRuntime implements WorkerApplication {
    private static final Logger LOG = LoggerFactory.getLogger(QueueRuntime.class);
    /** How often each caller's timers (max wait, announcements, callback offer) and the queue's poll run. */
    private static final Duration TICK = Duration.ofSeconds(1);
    static final String CALLBACK_OFFER = "queue-callback-offer";
    static final String CALLBACK_CONFIRMED = "queue-callback-confirmed";
    /** How long a called-back caller who did not answer waits before the next try. */
    static final Duration CALLBACK_RETRY = Duration.ofSeconds(30);

    private final QueueContext ctx;
    private final SerialExecutor serial;
    private volatile QueueDefinition definition;
    private final WaitingLine line = new WaitingLine();
    private final Map<String, Waiting> waiting = new LinkedHashMap<>();
    private final QueueTally tally = new QueueTally();
    private final WaitEstimate estimate = new WaitEstimate();
    /** Agents joined to a caller by this node, until signaling ends their call: extension -> joined at. */
    private final Map<String, Long> connected = new HashMap<>();
    private ScheduledFuture<?> poll;
    private boolean stopped;
    /** The line as other threads may read it (API, tests): rebuilt on every change, lines are short. */
    private volatile List<WaitingCaller> snapshot = List.of();
    private volatile QueueStats latest;


    /** One caller's place and offers; after it asked for a callback, without a live call of ours. */
    /** A caller whose join failed this often is hung up (recorded {@code join-failed}). */
    static final int MAX_JOIN_FAILURES = 3;

    private static final class Waiting {
        /** The caller's id in the line (its call's id at this node, or the previous host's). */
        final String id;
        /** Null for a callback taken over from another node. */
        final QueueCaller caller;
        final String number;
        final String display;
        final java.net.InetSocketAddress signaling;
        final long joinedAt;
        /** Signaling's id of the caller's call (or ours of it): the record's link to the CDRs. */
        final String callId;
        /** Its record was written: it left the line. */
        boolean recorded;
        /** Why and where it is being sent away, while {@link #exiting}. */
        QueueCallOutcome exitOutcome;
        String exitDestination = "";
        /** Hung up to be called back when its turn comes (it keeps its place). */
        boolean callback;
        int callbackAttempts;
        /** Not offered before this (a callback the caller did not answer waits before the next try). */
        long notBefore;
        DialedCall callbackCall;
        final Set<String> tried = new HashSet<>();
        final Map<String, Offer> offers = new LinkedHashMap<>();
        Offer joining;
        boolean exiting;
        /** Joins to an answering agent that failed: past {@link #MAX_JOIN_FAILURES} the caller is let go. */
        int joinFailures;
        boolean callbackOffered;
        long lastAnnounced;
        long lastPeriodic;
        ScheduledFuture<?> ringTimer;

        Waiting(QueueCaller caller, long joinedAt) {
            this.id = caller.id();
            this.caller = caller;
            this.number = caller.call.callerNumber();
            this.display = caller.call.callerDisplayName();
            this.signaling = caller.call.signaling();
            this.joinedAt = joinedAt;
            this.callId = signalingCallId(caller);
            this.lastAnnounced = joinedAt;
            this.lastPeriodic = joinedAt;
        }

        /** A callback left by the queue's previous host: no call of ours, only its place and number. */
        Waiting(PendingCallback p) {
            this.id = p.id();
            this.caller = null;
            this.number = p.number();
            this.display = "";
            this.signaling = new java.net.InetSocketAddress(p.signalingHost(), p.signalingPort());
            this.joinedAt = p.joinedAt();
            this.callId = p.callId();
            this.callback = true;
            this.callbackAttempts = p.attempts();
            this.lastAnnounced = p.joinedAt();
            this.lastPeriodic = p.joinedAt();
        }

        PendingCallback pending(String queue) {
            return new PendingCallback(queue, id, number, joinedAt, callId, signaling.getAddress().getHostAddress(),
                    signaling.getPort(), callbackAttempts);
        }
    }

    /** An agent rung for a caller. */
    private final class Offer implements DialListener {
        final String agent;
        final Waiting waiter;
        DialedCall call;
        /** We hung it up because another agent answered or the caller left: not the agent's miss. */
        boolean withdrawn;
        boolean answered;

        Offer(String agent, Waiting waiter) {
            this.agent = agent;
            this.waiter = waiter;
        }

        @Override
        public void onRinging(DialedCall c) {
        }

        @Override
        public void onAnswered(DialedCall c) {
            execute(() -> agentAnswered(this));
        }

        @Override
        public void onFailed(DialedCall c, int status, String reason) {
            execute(() -> agentFailed(this, status, reason));
        }

        @Override
        public void onEnded(DialedCall c, CallEnd end) {
            execute(() -> agentLegEnded(this));
        }
    }

    QueueRuntime(QueueDefinition definition, QueueContext ctx) {
        this.definition = definition;
        this.ctx = ctx;
        this.serial = new SerialExecutor(ctx.timers());
    }

    void start() {
        poll = ctx.timers().scheduleWithFixedDelay(() -> execute(this::pollAgents), TICK.toMillis(), TICK.toMillis(),
                TimeUnit.MILLISECONDS);
        execute(this::restoreCallbacks);
    }

    /** Callbacks the queue's previous host left in the cluster go back to their places in the line. */
    private void restoreCallbacks() {
        List<PendingCallback> left;
        try {
            left = ctx.callbacks().of(definition.name());
        } catch (RuntimeException e) {
            LOG.warn("queue {}: pending callbacks not read: {}", definition.name(), e.toString());
            return;
        }
        for (PendingCallback p : left) {
            if (!waiting.containsKey(p.id())) {
                waiting.put(p.id(), new Waiting(p));
                line.restore(p.id(), p.joinedAt(), p.joinedAt(), true);
                LOG.info("queue {}: callback {} taken over at position {}", definition.name(), p.number(), line.position(p.id()));
            }
        }
        dispatch();
    }

    void execute(Runnable task) {
        serial.execute(task);
    }

    Executor executor() {
        return serial;
    }

    QueueDefinition definition() {
        return definition;
    }

    void redefine(QueueDefinition next) {
        definition = next;
    }

    int waitingCount() {
        return waiting.size();
    }

    @Override
    public String name() {
        return "queue " + definition.name();
    }

    @Override
    public WorkerSession open(WorkerCall call) {
        return new QueueCaller(call, this);
    }

    // ---- the caller's events ----

    void join(QueueCaller caller) {
        QueueDefinition q = definition;
        long now = ctx.clock().millis();
        // The line is ordered by when the caller first reached the queue (signaling's stamp): a caller
        // re-offered here after its node was lost goes back to its place with its wait.
        long joinedAt = caller.call.clusterHeader(QueueCallHeaders.JOINED).map(QueueRuntime::millis).orElse(now);
        if (stopped) {
            turnedAway(caller, joinedAt, QueueCallOutcome.SHUTDOWN, "");
            caller.call.hangUp();
            return;
        }
        if (waiting.size() >= q.maxCallers()) {
            LOG.info("queue {}: full ({} callers), caller {} goes to '{}'", q.name(), waiting.size(), caller.id(), q.fullDestination());
            tally.exited();
            turnedAway(caller, joinedAt, QueueCallOutcome.FULL, q.fullDestination());
            exitNow(caller, q.fullDestination());
            return;
        }
        if (!q.joinEmpty() && loggedIn(q).isEmpty()) {
            LOG.info("queue {}: no agent logged in, caller {} goes to '{}'", q.name(), caller.id(), q.fullDestination());
            tally.exited();
            turnedAway(caller, joinedAt, QueueCallOutcome.EMPTY, q.fullDestination());
            exitNow(caller, q.fullDestination());
            return;
        }
        Waiting w = new Waiting(caller, joinedAt);
        waiting.put(caller.id(), w);
        line.restore(caller.id(), joinedAt, joinedAt, false);
        tally.joined();
        caller.musicOn();
        caller.announce(q.greeting().isEmpty() ? List.of() : List.of(q.greeting()));
        caller.call.armTimer(TICK);
        publishLine();
        LOG.debug("queue {}: caller {} joined at position {}", q.name(), caller.id(), line.position(caller.id()));
        dispatch();
    }

    void digit(QueueCaller caller, char digit) {
        Waiting w = waiting.get(caller.id());
        if (w == null || w.exiting || w.joining != null || w.callback) {
            return;
        }
        QueueDefinition q = definition;
        if (!q.exitKey().isEmpty() && q.exitKey().charAt(0) == digit) {
            exit(w, q.exitDestination(), QueueCallOutcome.EXIT_KEY, "key " + digit);
        } else if (digit == '1' && w.callbackOffered && !w.callback) {
            acceptCallback(w);
        }
    }

    /** The caller's second: max wait, callback offer, announcements; re-armed while it waits. */
    void tick(QueueCaller caller) {
        Waiting w = waiting.get(caller.id());
        if (w == null || w.exiting) {
            return;
        }
        QueueDefinition q = definition;
        long now = ctx.clock().millis();
        long waited = now - w.joinedAt;
        caller.call.armTimer(TICK);
        if (w.joining != null || w.callback) {
            return; // being joined, or hearing its callback confirmation before the hang-up
        }
        if (q.maxWait() > 0 && waited >= q.maxWait() * 1000L) {
            exit(w, q.timeoutDestination(), QueueCallOutcome.TIMEOUT, "waited " + q.maxWait() + " s");
            return;
        }
        if (q.callbackAfter() > 0 && !w.callbackOffered && waited >= q.callbackAfter() * 1000L) {
            w.callbackOffered = true;
            caller.announce(List.of(CALLBACK_OFFER));
            return;
        }
        if (q.announcePosition() > 0 && now - w.lastAnnounced >= q.announcePosition() * 1000L) {
            w.lastAnnounced = now;
            caller.announce(estimate.announcement(line.position(caller.id()), loggedIn(q).size()));
            return;
        }
        if (q.periodicEvery() > 0 && !q.periodicPrompt().isEmpty() && now - w.lastPeriodic >= q.periodicEvery() * 1000L) {
            w.lastPeriodic = now;
            caller.announce(List.of(q.periodicPrompt()));
        }
    }

    /** The prompts of a caller whose music is off are done (callback confirmed): it is hung up. */
    void promptsDone(QueueCaller caller) {
        caller.call.hangUp();
    }

    void transferFailed(QueueCaller caller, String why) {
        Waiting w = waiting.get(caller.id());
        if (w == null) {
            // Turned away on arrival (full, no agent) and the destination would not take it: no silence.
            LOG.info("queue {}: caller {} could not be sent away ({}); hanging up", definition.name(), caller.id(), why);
            caller.call.hangUp();
            return;
        }
        if (w.exiting) {
            LOG.info("queue {}: caller {} could not leave ({}); hanging up", definition.name(), caller.id(), why);
            caller.call.hangUp();
            return;
        }
        Offer o = w.joining;
        if (o == null) {
            return;
        }
        w.joinFailures++;
        boolean givenUp = w.joinFailures >= MAX_JOIN_FAILURES;
        if (givenUp) {
            // The call's media on signaling's side is past saving (e.g. its relay leg was moved by an
            // answer that timed out): each further agent would be answered for nothing.
            LOG.warn("queue {}: joining caller {} to an agent failed {} times (last: agent {}, {}); hanging up",
                    definition.name(), caller.id(), w.joinFailures, o.agent, why);
            w.exiting = true;
            w.exitOutcome = QueueCallOutcome.JOIN_FAILED;
        } else {
            LOG.info("queue {}: joining caller {} to agent {} failed ({}); the caller waits on", definition.name(), caller.id(),
                    o.agent, why);
        }
        w.joining = null;
        o.withdrawn = true;
        if (o.call != null) {
            o.call.hangUp();
        }
        w.offers.remove(o.agent);
        agentFree(o.agent);
        connected.remove(o.agent);
        if (givenUp) {
            caller.call.hangUp();
            return;
        }
        caller.musicOn();
        caller.announce(List.of());
        dispatch();
    }

    void ended(QueueCaller caller, CallEnd end) {
        Waiting kept = waiting.get(caller.id());
        if (kept != null && kept.callback) {
            return; // it hung up to be called back: its place is kept
        }
        Waiting w = waiting.remove(caller.id());
        if (w == null) {
            return;
        }
        line.remove(caller.id());
        long waited = ctx.clock().millis() - w.joinedAt;
        if (w.ringTimer != null) {
            w.ringTimer.cancel(false);
        }
        if (end == CallEnd.TRANSFERRED && w.joining != null) {
            tally.answered(waited);
            estimate.answered(waited);
            ctx.meters().connected.increment();
            LOG.info("queue {}: caller {} joined to agent {} after {} ms", definition.name(), caller.id(), w.joining.agent, waited);
            // Signaling joined the agent into the caller's call: that call's CDR is the agent's side.
            record(w, QueueCallOutcome.ANSWERED, w.joining.agent, w.callId, "");
        } else if (w.exiting || end == CallEnd.TRANSFERRED) {
            tally.exited();
            record(w, w.exiting ? w.exitOutcome : QueueCallOutcome.TRANSFERRED, "", "", w.exiting ? w.exitDestination : "");
        } else if (end == CallEnd.HANDED_OVER) {
            // The node that takes the queue over keeps the caller's place and writes its record.
            LOG.debug("queue {}: caller {} handed to another node after {} ms", definition.name(), caller.id(), waited);
        } else if (end == CallEnd.SHUTDOWN) {
            record(w, QueueCallOutcome.SHUTDOWN, "", "", "");
        } else {
            tally.abandoned(waited);
            LOG.debug("queue {}: caller {} left after {} ms ({})", definition.name(), caller.id(), waited, end.why());
            record(w, QueueCallOutcome.ABANDONED, "", "", "");
        }
        for (Offer o : List.copyOf(w.offers.values())) {
            if (o == w.joining && end == CallEnd.TRANSFERRED) {
                continue; // signaling holds the agent's call now
            }
            if (o == w.joining) {
                // Answered, but the caller left before the join: no queue call happened, so no wrap-up
                // (freed before the BYE, so signaling finds the agent no longer on a queue call).
                agentFree(o.agent);
                connected.remove(o.agent);
            }
            o.withdrawn = true;
            if (o.call != null) {
                o.call.hangUp();
            }
        }
        dispatch();
    }

    // ---- agents ----

    /** Offers the callers at the head of the line to the agents who can take a call, in line order. */
    private void dispatch() {
        publishLine();
        if (stopped || waiting.isEmpty()) {
            return;
        }
        QueueDefinition q = definition;
        long now = ctx.clock().millis();
        Map<String, AgentState> states = new HashMap<>(ctx.agents().getAll(extensions(q)));
        Set<String> busy = null; // read once, when a caller is to be offered
        for (WaitingLine.Waiter entry : line.snapshot()) {
            Waiting w = waiting.get(entry.id());
            if (w == null || w.exiting || w.joining != null || !w.offers.isEmpty() || w.notBefore > now) {
                continue;
            }
            if (busy == null) {
                busy = q.offerBusyAgents() ? Set.of() : ctx.busy().busyAmong(extensions(q));
            }
            AgentPicker.Pick pick = ctx.picker().pick(q, states, now, now - w.joinedAt, w.tried, busy, ctx.random());
            if (pick.roundExhausted()) {
                w.tried.clear();
                pick = ctx.picker().pick(q, states, now, now - w.joinedAt, w.tried, busy, ctx.random());
            }
            if (pick.isEmpty()) {
                break; // nobody for the head: nobody for those behind it either, in line order
            }
            for (String agent : pick.ring()) {
                Optional<AgentState> rung = ctx.agents().update(agent,
                        s -> s.canTakeCall(now) ? s.ringing(definition.name() + "/" + w.id, now) : null);
                if (rung.isEmpty()) {
                    continue; // another queue took the agent meanwhile
                }
                states.put(agent, rung.get());
                ring(w, agent);
            }
            if (!w.offers.isEmpty()) {
                w.ringTimer = ctx.timers().schedule(() -> execute(() -> ringTimedOut(w)), q.ringTimeout(), TimeUnit.SECONDS);
            }
        }
    }

    private void ring(Waiting w, String agent) {
        QueueDefinition q = definition;
        w.tried.add(agent);
        Offer offer = new Offer(agent, w);
        w.offers.put(agent, offer);
        String display = (w.callback ? "Callback " : "") + (w.display.isEmpty() ? w.number : w.display) + " [" + q.name() + "]";
        ctx.meters().offers.increment();
        Optional<DialedCall> placed;
        try {
            placed = ctx.dialer().dial(new Dial(agent, w.signaling, w.number, display), offer);
        } catch (RuntimeException e) {
            LOG.warn("queue {}: ringing agent {} failed: {}", q.name(), agent, e.toString());
            placed = Optional.empty();
        }
        if (placed.isEmpty()) {
            w.offers.remove(agent);
            agentFree(agent);
            return;
        }
        offer.call = placed.get();
        LOG.debug("queue {}: ringing agent {} for caller {}", q.name(), agent, w.id);
    }

    private void ringTimedOut(Waiting w) {
        w.ringTimer = null;
        if (w.joining != null || !waiting.containsKey(w.id)) {
            return;
        }
        for (Offer o : List.copyOf(w.offers.values())) {
            if (!o.answered && o.call != null) {
                o.call.hangUp(); // CANCEL: its 487 comes back as a miss
            }
        }
    }

    private void agentAnswered(Offer o) {
        o.answered = true;
        Waiting w = o.waiter;
        long now = ctx.clock().millis();
        if (w.joining != null || !waiting.containsKey(w.id) || w.exiting) {
            // Another agent was faster, or the caller left: this one is released without a miss.
            o.withdrawn = true;
            w.offers.remove(o.agent);
            o.call.hangUp();
            agentFree(o.agent);
            return;
        }
        w.joining = o;
        if (w.ringTimer != null) {
            w.ringTimer.cancel(false);
            w.ringTimer = null;
        }
        for (Offer other : List.copyOf(w.offers.values())) {
            if (other != o) {
                other.withdrawn = true;
                other.call.hangUp();
            }
        }
        ctx.agents().update(o.agent, s -> s.connected(definition.name() + "/" + w.id, now));
        connected.put(o.agent, now);
        if (w.callback) {
            callBack(w, o);
            return;
        }
        LOG.debug("queue {}: agent {} answered for caller {}; joining them", definition.name(), o.agent, w.id);
        w.caller.call.transfer(o.agent, o.call);
    }

    // ---- callbacks ----

    /**
     * The caller asked to be called back: it hears the confirmation and is hung up, but keeps its
     * place on the line (same sequence, so nobody who joined later gets ahead of it and it gets ahead
     * of nobody who joined earlier). When its turn comes an agent is reserved first (rung and
     * answered), then the caller is called, then the two are joined.
     */
    private void acceptCallback(Waiting w) {
        LOG.info("queue {}: caller {} ({}) will be called back at position {}", definition.name(), w.id, w.number,
                line.position(w.id));
        w.callback = true;
        line.convertToCallback(w.id);
        saveCallback(w);
        w.caller.musicOff();
        w.caller.announce(List.of(CALLBACK_CONFIRMED));
    }

    /** The agent for a callback answered: now the caller is called, from the queue's number. */
    private void callBack(Waiting w, Offer agent) {
        QueueDefinition q = definition;
        w.callbackAttempts++;
        LOG.info("queue {}: agent {} reserved; calling back {} (attempt {})", q.name(), agent.agent, w.number, w.callbackAttempts);
        Optional<DialedCall> placed;
        try {
            placed = ctx.dialer().dial(new Dial(w.number, w.signaling, q.number(), q.name()), new CallbackLeg(w, agent));
        } catch (RuntimeException e) {
            LOG.warn("queue {}: calling back {} failed: {}", q.name(), w.number, e.toString());
            placed = Optional.empty();
        }
        if (placed.isEmpty()) {
            callbackMissed(w, agent, "no RTP port");
            return;
        }
        w.callbackCall = placed.get();
        // The caller gets the agent's ring time to answer; then the agent is released and it is tried later.
        w.ringTimer = ctx.timers().schedule(() -> execute(() -> {
            if (w.callbackCall != null && w.joining == agent) {
                w.callbackCall.hangUp();
            }
        }), q.ringTimeout() * 2L, TimeUnit.SECONDS);
    }

    /** The call back to the caller. */
    private final class CallbackLeg implements DialListener {
        final Waiting w;
        final Offer agent;

        CallbackLeg(Waiting w, Offer agent) {
            this.w = w;
            this.agent = agent;
        }

        @Override
        public void onRinging(DialedCall c) {
        }

        @Override
        public void onAnswered(DialedCall c) {
            execute(() -> {
                if (w.joining != agent || !waiting.containsKey(w.id)) {
                    c.hangUp();
                    return;
                }
                if (w.ringTimer != null) {
                    w.ringTimer.cancel(false);
                    w.ringTimer = null;
                }
                c.transfer(agent.agent, agent.call);
            });
        }

        @Override
        public void onFailed(DialedCall c, int status, String reason) {
            execute(() -> callbackMissed(w, agent, status + " " + reason));
        }

        @Override
        public void onEnded(DialedCall c, CallEnd end) {
            if (end != CallEnd.TRANSFERRED) {
                execute(() -> callbackMissed(w, agent, "caller hung up before the join"));
            }
        }

        @Override
        public void onTransferred(DialedCall c) {
            execute(() -> {
                long waited = ctx.clock().millis() - w.joinedAt;
                waiting.remove(w.id);
                line.remove(w.id);
                forgetCallback(w);
                tally.answered(waited);
                estimate.answered(waited);
                ctx.meters().connected.increment();
                LOG.info("queue {}: callback {} joined to agent {} after {} ms", definition.name(), w.number, agent.agent, waited);
                // The agent was joined into the call we placed to the caller: its CDR is the agent's side.
                record(w, QueueCallOutcome.ANSWERED, agent.agent, c.callId(), "");
                dispatch();
            });
        }

        @Override
        public void onTransferFailed(DialedCall c, String why) {
            execute(() -> {
                c.hangUp();
                callbackMissed(w, agent, "join failed: " + why);
            });
        }
    }

    /** The called-back caller did not answer (or the join failed): the agent is released; tried again later, or given up. */
    private void callbackMissed(Waiting w, Offer agent, String why) {
        if (w.joining != agent || !waiting.containsKey(w.id)) {
            return;
        }
        QueueDefinition q = definition;
        w.joining = null;
        w.callbackCall = null;
        if (w.ringTimer != null) {
            w.ringTimer.cancel(false);
            w.ringTimer = null;
        }
        agent.withdrawn = true;
        w.offers.remove(agent.agent);
        if (agent.call != null) {
            agent.call.hangUp();
        }
        agentFree(agent.agent);
        connected.remove(agent.agent);
        if (w.callbackAttempts > q.callbackRetries()) {
            LOG.info("queue {}: callback {} given up after {} attempts ({})", q.name(), w.number, w.callbackAttempts, why);
            waiting.remove(w.id);
            line.remove(w.id);
            forgetCallback(w);
            tally.abandoned(ctx.clock().millis() - w.joinedAt);
            record(w, QueueCallOutcome.CALLBACK_GIVEN_UP, "", "", "");
        } else {
            LOG.info("queue {}: callback {} not reached ({}); next try in {} s", q.name(), w.number, why,
                    CALLBACK_RETRY.toSeconds());
            w.notBefore = ctx.clock().millis() + CALLBACK_RETRY.toMillis();
            saveCallback(w); // its attempts, for a node that takes the queue over
        }
        dispatch();
    }

    private void agentFailed(Offer o, int status, String reason) {
        Waiting w = o.waiter;
        w.offers.remove(o.agent);
        long now = ctx.clock().millis();
        if (o.withdrawn) {
            agentFree(o.agent);
        } else {
            ctx.meters().missed.increment();
            int pauseAfter = definition.autoPauseMisses();
            Optional<AgentState> after = ctx.agents().update(o.agent,
                    s -> s.status() == AgentStatus.RINGING ? s.missed(pauseAfter, now) : null);
            after.filter(s -> s.status() == AgentStatus.PAUSED).ifPresent(s ->
                    LOG.info("queue {}: agent {} paused after {} missed offers", definition.name(), o.agent, s.misses()));
            LOG.debug("queue {}: agent {} did not take caller {}: {} {}", definition.name(), o.agent, w.id, status, reason);
        }
        if (w.offers.isEmpty() && w.ringTimer != null) {
            w.ringTimer.cancel(false);
            w.ringTimer = null;
        }
        if (w.offers.isEmpty()) {
            dispatch();
        }
    }

    /** Our leg to an answered agent ended: after the join signaling releases it; before, the agent hung up. */
    private void agentLegEnded(Offer o) {
        Waiting w = o.waiter;
        w.offers.remove(o.agent);
        if (w.joining == o && w.callback && w.callbackCall != null) {
            w.callbackCall.hangUp(); // the agent left before the caller answered: try again later
        } else if (w.joining == o && waiting.containsKey(w.id)) {
            // The agent hung up before the join was done: the REFER fails and the caller waits on.
            LOG.info("queue {}: agent {} hung up before being joined to caller {}", definition.name(), o.agent, w.id);
        }
    }

    /** An agent rung but not taken: available again, unless its state moved on meanwhile (paused, logged out). */
    private void agentFree(String agent) {
        long now = ctx.clock().millis();
        ctx.agents().update(agent, s -> s.status() == AgentStatus.RINGING || s.status() == AgentStatus.ON_CALL
                ? new AgentState(agent, AgentStatus.AVAILABLE, "", now, s.lastOffered(), s.lastCallEnd(), s.answered(),
                s.misses(), 0, "") : null);
    }

    /** Once a second: agents who became free get waiting callers; handle times of ended calls; statistics. */
    /** An agent became available somewhere in the cluster: a member of ours is offered a waiting caller now. */
    void agentFreed(String extension) {
        if (definition.member(extension).isPresent()) {
            execute(this::dispatch);
        }
    }

    private void pollAgents() {
        if (stopped) {
            return;
        }
        QueueDefinition q = definition;
        long now = ctx.clock().millis();
        Map<String, AgentState> states = ctx.agents().getAll(extensions(q));
        for (Map.Entry<String, Long> c : List.copyOf(connected.entrySet())) {
            AgentState s = states.get(c.getKey());
            if (s == null || s.status() != AgentStatus.ON_CALL) {
                long end = s == null ? now : s.since();
                tally.handled(end - c.getValue());
                estimate.handled(end - c.getValue());
                connected.remove(c.getKey());
            }
        }
        if (q.leaveWhenEmpty() && !waiting.isEmpty() && states.values().stream().noneMatch(AgentState::loggedIn)) {
            for (Waiting w : List.copyOf(waiting.values())) {
                if (w.joining == null && !w.exiting && !w.callback) {
                    exit(w, q.fullDestination(), QueueCallOutcome.EMPTY, "no agent logged in");
                }
            }
        }
        dispatch();
        // Agents free for the queue but on a direct call are busy to the wallboard unless the queue offers them callers anyway.
        Set<String> onDirectCalls = q.offerBusyAgents() ? Set.of() : ctx.busy().busyAmong(extensions(q));
        QueueStats stats = tally.stats(q.name(), ctx.node(), line, states, q.members(), onDirectCalls, q.serviceLevel(), now);
        latest = stats;
        ctx.board().publish(stats);
        releaseStaleRings(states, now);
    }

    // ---- leaving ----

    private void exit(Waiting w, String destination, QueueCallOutcome outcome, String why) {
        LOG.info("queue {}: caller {} leaves ({}) to '{}'", definition.name(), w.id, why,
                destination.isEmpty() ? "hang-up" : destination);
        w.exiting = true;
        w.exitOutcome = outcome;
        w.exitDestination = destination;
        for (Offer o : List.copyOf(w.offers.values())) {
            o.withdrawn = true;
            if (o.call != null) {
                o.call.hangUp();
            }
        }
        exitNow(w.caller, destination);
    }

    private void exitNow(QueueCaller caller, String destination) {
        if (destination.isEmpty()) {
            caller.call.hangUp();
        } else {
            caller.call.transfer(destination);
        }
    }

    // ---- records ----

    /** The caller left the line (its call ended, or a callback was joined or given up): its one record. */
    private void record(Waiting w, QueueCallOutcome outcome, String agent, String agentCallId, String destination) {
        if (w.recorded) {
            return;
        }
        w.recorded = true;
        emit(w.number, w.joinedAt, outcome, agent, destination, w.callback, w.callId, agentCallId);
    }

    /** A caller turned away on arrival (full, no agent, queue given up): it never was on the line. */
    private void turnedAway(QueueCaller caller, long joinedAt, QueueCallOutcome outcome, String destination) {
        emit(caller.call.callerNumber(), joinedAt, outcome, "", destination, false, signalingCallId(caller), "");
    }

    private void emit(String number, long joinedAt, QueueCallOutcome outcome, String agent, String destination,
                      boolean callback, String callId, String agentCallId) {
        long now = ctx.clock().millis();
        QueueCallRecord r = new QueueCallRecord(UUID.randomUUID().toString(), definition.name(), number, joinedAt, now,
                Math.max(0, now - joinedAt), outcome, agent, destination, callback, callId, agentCallId, ctx.node());
        try {
            ctx.records().accept(r);
        } catch (RuntimeException e) {
            LOG.error("queue {}: record of caller {} not published ({}): {}", definition.name(), callId, e.toString(), r);
        }
    }

    /** Signaling's id of the caller's call ({@link QueueCallHeaders#CALL_ID}); ours when it did not say. */
    private static String signalingCallId(QueueCaller caller) {
        return caller.call.clusterHeader(QueueCallHeaders.CALL_ID).map(String::strip).filter(id -> !id.isEmpty())
                .orElse(caller.id());
    }

    // ---- helpers ----

    /** A pending callback kept in the cluster, so a node taking the queue over still makes it. */
    private void saveCallback(Waiting w) {
        try {
            ctx.callbacks().save(w.pending(definition.name()));
        } catch (RuntimeException e) {
            LOG.warn("queue {}: callback {} kept on this node only: {}", definition.name(), w.number, e.toString());
        }
    }

    private void forgetCallback(Waiting w) {
        try {
            ctx.callbacks().forget(definition.name(), w.id);
        } catch (RuntimeException e) {
            LOG.warn("queue {}: made callback {} not forgotten in the cluster: {}", definition.name(), w.number, e.toString());
        }
    }

    /** The figures of the last poll (metrics read them). */
    QueueStats latest() {
        return latest;
    }

    /**
     * An agent left RINGING or ON_CALL for this queue by a node that died mid-offer (or by a lost
     * event) would never be offered again: after twice the ring time with no offer or join of ours
     * for it, it is made available.
     */
    private void releaseStaleRings(Map<String, AgentState> states, long now) {
        String prefix = definition.name() + "/";
        long stale = definition.ringTimeout() * 2000L;
        for (AgentState s : states.values()) {
            if (s.status() == AgentStatus.RINGING && s.ringingFor().startsWith(prefix) && now - s.since() > stale
                    && !offered(s.extension())) {
                LOG.info("queue {}: agent {} was left ringing by a lost offer; available again", definition.name(), s.extension());
                agentFree(s.extension());
            }
        }
    }

    private boolean offered(String agent) {
        for (Waiting w : waiting.values()) {
            if (w.offers.containsKey(agent)) {
                return true;
            }
        }
        return false;
    }

    private void publishLine() {
        List<WaitingCaller> out = new ArrayList<>(line.size());
        for (WaitingLine.Waiter entry : line.snapshot()) {
            Waiting w = waiting.get(entry.id());
            if (w != null) {
                out.add(new WaitingCaller(w.number, entry.joinedAt(), entry.callback()));
            }
        }
        snapshot = List.copyOf(out);
    }

    /** The callers waiting, in line order. */
    List<WaitingCaller> line() {
        return snapshot;
    }

    private static Long millis(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> extensions(QueueDefinition q) {
        List<String> out = new ArrayList<>(q.members().size());
        for (QueueMember m : q.members()) {
            out.add(m.extension());
        }
        return out;
    }

    private List<String> loggedIn(QueueDefinition q) {
        List<String> out = new ArrayList<>();
        ctx.agents().getAll(extensions(q)).forEach((e, s) -> {
            if (s.loggedIn()) {
                out.add(e);
            }
        });
        return out;
    }

    /** The node gives the queue up: callers get BYE from the worker's shutdown; agents rung are released. */
    void stop() {
        stop(false);
    }

    /**
     * @param deleted the queue was deleted: its pending callbacks end here; otherwise they stay in the
     *                cluster for the node that takes the queue over
     */
    void stop(boolean deleted) {
        execute(() -> {
            stopped = true;
            if (poll != null) {
                poll.cancel(false);
            }
            List<Waiting> callbacks = new ArrayList<>();
            for (Waiting w : waiting.values()) {
                if (w.callbackCall != null) {
                    w.callbackCall.hangUp();
                }
                for (Offer o : List.copyOf(w.offers.values())) {
                    o.withdrawn = true;
                    if (o.call != null) {
                        o.call.hangUp();
                    }
                }
                if (w.callback) {
                    callbacks.add(w);
                }
            }
            // A caller waiting for its callback has no call of ours to end. The node that takes the queue
            // over makes the callback from the cluster's copy; a deleted queue's callbacks end here.
            for (Waiting w : callbacks) {
                waiting.remove(w.id);
                line.remove(w.id);
                if (deleted) {
                    forgetCallback(w);
                    record(w, QueueCallOutcome.SHUTDOWN, "", "", "");
                }
            }
            ctx.picker().forget(definition.name());
            ctx.board().remove(definition.name());
        });
    }
}
