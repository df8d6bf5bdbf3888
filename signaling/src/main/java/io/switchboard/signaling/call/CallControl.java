package io.switchboard.signaling.call;

import io.switchboard.common.ng.NgClient;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.sdp.SdpException;
import io.switchboard.common.sdp.SessionDescription;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransport;
import io.switchboard.common.sip.SipTransportKind;
import io.switchboard.signaling.auth.AuthOutcome;
import io.switchboard.signaling.auth.DigestAuthenticator;
import io.switchboard.signaling.cdr.Cdr;
import io.switchboard.signaling.cdr.CdrWriter;
import io.switchboard.signaling.cdr.Disposition;
import io.switchboard.signaling.dialplan.Destination;
import io.switchboard.signaling.dialplan.NumberPlan;
import io.switchboard.signaling.dialplan.ServiceKind;
import io.switchboard.signaling.dialplan.WorkerEndpoints;
import io.switchboard.signaling.directory.SipUser;
import io.switchboard.signaling.location.Binding;
import io.switchboard.signaling.location.LocationService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import io.netty.channel.EventLoop;
import io.switchboard.common.cluster.NodeRegistry;
import javax.sip.address.SipURI;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call control's entry: a new INVITE is authenticated (407, RFC 3261 §22.3) unless a cluster worker
 * sent it, routed through the {@link NumberPlan} to the callee's bindings or a worker server, anchored on a media node and handed to a new {@link B2buaCall}; in-dialog requests and
 * ACKs find their call through {@link Dialogs}. Also the one place the call's collaborators live.
 */
public final class CallControl implements AutoCloseable {
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, MESSAGE, NOTIFY, REFER, REGISTER, UPDATE";
    private static final Logger LOG = LoggerFactory.getLogger(CallControl.class);

    private final SipMessages sip;
    private final SipTransport transport;
    private final DigestAuthenticator auth;
    /** Users by extension: at once from the credential cache, else read without blocking. */
    private final Function<String, CompletableFuture<Optional<SipUser>>> users;
    private final LocationService location;
    private final MediaNodePicker picker;
    private final NgClient ng;
    private final CallStore store;
    private final CdrWriter cdrs;
    private final CallSettings settings;
    private final ScheduledExecutorService timers;
    private volatile Consumer<AnsweredCall> answeredCallStarts = call -> { };
    private volatile Consumer<AnsweredCall> answeredCallEnds = call -> { };
    private final Dialogs dialogs = new Dialogs();
    private final ParkingLot parking = new ParkingLot();
    /** Calls a phone takes by a feature code: ringing ones (pickup) and parked ones. */
    private final WaitingCalls waiting;
    private final Map<String, B2buaCall> calls = new ConcurrentHashMap<>();
    /** Serialises takeovers, so two requests of one call rebuild it once. */
    private final Object takeovers = new Object();
    private final CallCounters counters;
    private final NumberPlan plan;
    private final WorkerEndpoints workers;
    private final Supplier<NodeRegistry> registry;
    /** Calls from providers' trunks, routed by DID without digest auth; null until the trunks are loaded. */
    private volatile io.switchboard.signaling.trunk.TrunkInbound trunks;

    public CallControl(SipMessages sip, SipTransport transport, DigestAuthenticator auth,
                       Function<String, CompletableFuture<Optional<SipUser>>> users,
                       LocationService location, Supplier<NodeRegistry> registry, NgClient ng,
                       CallStore store, CdrWriter cdrs, CallSettings settings, ScheduledExecutorService timers,
                       io.micrometer.core.instrument.MeterRegistry metrics, NumberPlan plan) {
        this.sip = sip;
        this.transport = transport;
        this.auth = auth;
        this.users = users;
        this.location = location;
        this.ng = ng;
        this.picker = new MediaNodePicker(registry, ng);
        this.store = store;
        this.cdrs = cdrs;
        this.settings = settings;
        this.timers = timers;
        this.counters = new CallCounters(metrics, calls::size);
        this.plan = plan;
        this.workers = new WorkerEndpoints(role -> {
            NodeRegistry nodes = registry.get();
            return nodes == null ? List.of() : nodes.online(role);
        });
        this.registry = registry;
        this.waiting = new WaitingCalls(sip, calls.values(), parking);
        // A kill -9'd media node sends no BYE: without this its calls stay ANSWERED until the phones give up.
        timers.scheduleWithFixedDelay(this::endCallsOnLostMediaNodes, 1, 1, TimeUnit.SECONDS);
    }

    /** Outbound routes to the providers' trunks; null until the trunks are loaded. */
    private volatile io.switchboard.signaling.trunk.OutboundRouter outbound;
    /** Users' DND and forwarding; null until loaded (then nobody forwards). */
    private volatile io.switchboard.signaling.feature.FeatureBook features;
    /** Forwarding hops a call may take before it is refused as a loop (482). */
    static final int MAX_FORWARDS = 5;

    public void features(io.switchboard.signaling.feature.FeatureBook book) {
        this.features = book;
    }

    /** Ring groups by number; null until loaded (then no number is a group). */
    private volatile io.switchboard.signaling.group.RingGroupBook groups;

    public void ringGroups(io.switchboard.signaling.group.RingGroupBook book) {
        this.groups = book;
    }

    /**
     * The phones of {@code members} that may ring for a ring group now: registered, not on do not disturb
     * (a member's own forwarding is not followed: the group rings people, not their diversions).
     */
    List<CallTarget> memberTargets(List<String> members) {
        io.switchboard.signaling.feature.FeatureBook book = features;
        List<CallTarget> out = new ArrayList<>();
        for (String m : members) {
            if (book != null && book.of(m).dnd()) {
                continue;
            }
            out.addAll(targets(location.lookup(m).contacts()));
        }
        return out;
    }

    /**
     * A call to a ring group: its first step with a phone to ring rings (all members, or one, by strategy),
     * the rest wait in the call's {@link Hunt}; with nobody to ring at all it falls through at once, else 480.
     */
    private void onRingGroup(ServerTransaction tx, Caller caller, io.switchboard.signaling.group.RingGroup group, int hops,
                             Refusal refusal) {
        Hunt hunt = new Hunt(group.name(), group.steps(groups.nextStart(group)), java.time.Duration.ofSeconds(group.ringSeconds()),
                group.fallthrough());
        for (List<String> members = hunt.next(); members != null; members = hunt.next()) {
            List<CallTarget> first = memberTargets(members);
            if (!first.isEmpty()) {
                LOG.info("call {} from {} to ring group {}: ringing {}", refusal.callId, caller.extension(), group.name(), members);
                offer(tx, caller, group.number(), first, List.of(), refusal, false, null, hunt);
                return;
            }
        }
        if (!group.fallthrough().isEmpty()) {
            forward(tx, caller, group.number(), group.fallthrough(), hops, refusal);
            return;
        }
        refusal.respond(sip.response(tx.request(), Response.TEMPORARILY_UNAVAILABLE,
                "Temporarily Unavailable - no member of ring group " + group.name() + " can take calls"), Disposition.UNAVAILABLE);
    }

    /** Calls per trunk against its maxChannels; null until the trunks are loaded. */
    private volatile io.switchboard.signaling.trunk.TrunkChannels channels;

    /**
     * Takes calls from the providers' trunks from now on (their addresses are trusted instead of digest),
     * and sends numbers no extension has out by the outbound routes.
     */
    public void trunks(io.switchboard.signaling.trunk.TrunkInbound inbound, io.switchboard.signaling.trunk.OutboundRouter routes,
                       io.switchboard.signaling.trunk.TrunkChannels trunkChannels) {
        this.channels = trunkChannels;
        this.trunks = inbound;
        this.outbound = routes;
    }

    /** Takes a channel of {@code trunk} (true without trunks loaded: nothing to count against). */
    boolean takeChannel(String trunk) {
        io.switchboard.signaling.trunk.TrunkChannels c = channels;
        return c == null || c.tryAcquire(trunk);
    }

    void releaseChannel(String trunk) {
        io.switchboard.signaling.trunk.TrunkChannels c = channels;
        if (c != null) {
            c.release(trunk);
        }
    }

    /** Ends the calls whose media node is no longer online in the registry (3 missed heartbeats). */
    void endCallsOnLostMediaNodes() {
        try {
            NodeRegistry nodes = registry.get();
            if (nodes == null || calls.isEmpty()) {
                return;
            }
            java.util.Set<String> online = new java.util.HashSet<>();
            for (io.switchboard.common.cluster.NodeStatus n : nodes.online(MediaNodePicker.ROLE)) {
                online.add(n.name());
            }
            for (B2buaCall call : calls.values()) {
                String node = call.mediaNode();
                if (node != null && !online.contains(node)) {
                    call.hangUpForLostMedia(node);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("media node check failed: {}", e.toString());
        }
    }

    /**
     * An INVITE without To tag: a new call (RFC 3261 §13.3). Runs on the loop owning its Call-ID and
     * never blocks: a user not in the credential cache is read asynchronously and the INVITE goes on
     * back on that loop.
     */
    public void onInvite(ServerTransaction tx) {
        Request request = tx.request();
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        if (toTag != null) {
            onInDialog(tx);
            return;
        }
        MaxForwardsHeader mf = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (mf != null && mf.getMaxForwards() == 0) {
            tx.respond(sip.response(request, Response.TOO_MANY_HOPS));
            return;
        }
        NodeStatus worker = workers.workerAt(tx.flow().remote());
        if (worker != null) {
            // A queue or IVR server ringing on the cluster's behalf: it has no credentials to give.
            FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
            String user = from.getAddress().getURI() instanceof SipURI u && u.getUser() != null ? u.getUser() : worker.name();
            String display = from.getAddress().getDisplayName();
            onCaller(tx, new Caller(user, display == null ? "" : display));
            return;
        }
        io.switchboard.signaling.trunk.TrunkInbound fromTrunks = trunks;
        if (fromTrunks != null) {
            Optional<io.switchboard.signaling.trunk.TrunkInbound.Routed> routed = fromTrunks.route(tx.flow().remote(),
                    request.getRequestURI() instanceof SipURI u ? u.getUser() : null,
                    ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI() instanceof SipURI t ? t.getUser() : null);
            if (routed.isPresent()) {
                onTrunkCall(tx, routed.get());
                return;
            }
        }
        DigestAuthenticator.Precheck pre = auth.precheck(request, ProxyAuthorizationHeader.NAME,
                tx.flow().remote().getAddress().getHostAddress());
        if (pre.decided()) {
            refuseUnauthenticated(tx, pre.result());
            return;
        }
        withUser(pre.username(), tx, found -> {
            DigestAuthenticator.Result result = auth.verify(pre, found);
            if (result.outcome() != AuthOutcome.AUTHENTICATED) {
                refuseUnauthenticated(tx, result);
                return;
            }
            SipUser user = result.user().get();
            onCaller(tx, new Caller(user.extension(), user.displayName()));
        });
    }

    /**
     * The first INVITE of a call from a phone carries no credentials: read without the RI, it is
     * answered 407 at once and statelessly (RFC 3261 §8.2.7), as {@link #onInvite} would answer it;
     * its ACK is dropped unparsed by the transport. False, with nothing sent, for anything else
     * (in a dialog, Max-Forwards 0, a cluster worker, any Proxy-Authorization): the RI path decides.
     */
    public boolean challengeRaw(io.switchboard.common.sip.RawServerTransaction tx) {
        io.switchboard.common.sip.RawRequest raw = tx.raw();
        // Addresses the RI would refuse get its 400 there (RFC 4475 §3.1.2.6 and the like), not our 407.
        if (raw.toHasTag() || raw.count(io.switchboard.common.sip.RawRequest.PROXY_AUTHORIZATION) > 0
                || !io.switchboard.common.sip.PlainAddress.plainUri(raw.requestUri())
                || io.switchboard.common.sip.PlainAddress.uriOf(raw.value(io.switchboard.common.sip.RawRequest.TO)) == null
                || io.switchboard.common.sip.PlainAddress.uriOf(raw.value(io.switchboard.common.sip.RawRequest.FROM)) == null
                || Integer.parseInt(raw.value(io.switchboard.common.sip.RawRequest.MAX_FORWARDS)) == 0
                || workers.workerAt(tx.flow().remote()) != null
                || (trunks != null && trunks.trunkAt(tx.flow().remote()).isPresent())) {
            return false;
        }
        List<String> values = auth.challengeValues(false);
        List<String> lines = new java.util.ArrayList<>(values.size());
        for (String value : values) {
            lines.add("Proxy-Authenticate: " + value);
        }
        tx.respond(Response.PROXY_AUTHENTICATION_REQUIRED, null, lines);
        return true;
    }

    /**
     * An INVITE from a provider's trunk: trusted by its address (no digest), the caller is the number in
     * From, the callee what the DID reaches; a DID nobody takes gets 404 saying so.
     */
    private void onTrunkCall(ServerTransaction tx, io.switchboard.signaling.trunk.TrunkInbound.Routed routed) {
        Request request = tx.request();
        if (routed.destination() == null) {
            LOG.info("call from trunk {} for DID '{}', which reaches nobody: 404", routed.trunk().name(), routed.did());
            tx.respond(sip.response(request, Response.NOT_FOUND, "Not Found - no destination for " + routed.did()));
            return;
        }
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        String user = from.getAddress().getURI() instanceof SipURI u && u.getUser() != null ? u.getUser() : "anonymous";
        String display = from.getAddress().getDisplayName();
        onCaller(tx, new Caller(user, display == null ? "" : display, routed.trunk().name()), routed.destination());
    }

    /** 400 for credentials we cannot read, else 407 with a fresh challenge (stale=true when only the nonce aged). */
    private void refuseUnauthenticated(ServerTransaction tx, DigestAuthenticator.Result result) {
        if (result.outcome() == AuthOutcome.MALFORMED) {
            tx.respond(sip.response(tx.request(), Response.BAD_REQUEST, "Bad Request - " + result.detail()));
            return;
        }
        Response challenge = sip.response(tx.request(), Response.PROXY_AUTHENTICATION_REQUIRED);
        auth.challenge(challenge, result.outcome() == AuthOutcome.STALE);
        tx.respond(challenge);
    }

    /**
     * Runs {@code then} with the user: at once when cached (the usual case), else on the Call-ID's
     * loop once read. A failed read answers 500, so the phone is not left waiting.
     */
    private void withUser(String extension, ServerTransaction tx, Consumer<Optional<SipUser>> then) {
        CompletableFuture<Optional<SipUser>> found = users.apply(extension);
        if (found.isDone() && !found.isCompletedExceptionally()) {
            then.accept(found.join());
            return;
        }
        found.whenCompleteAsync((user, failure) -> {
            if (failure != null) {
                LOG.warn("user {} could not be read for INVITE Call-ID {}: {}", extension, callIdOf(tx.request()),
                        failure.toString());
                tx.respond(sip.response(tx.request(), Response.SERVER_INTERNAL_ERROR, "Server Internal Error - user lookup failed"));
                return;
            }
            then.accept(user);
        }, shardOf(callIdOf(tx.request())));
    }

    /** The caller is known: an INVITE with Replaces, or a new call routed by the number plan. */
    private void onCaller(ServerTransaction tx, Caller caller) {
        onCaller(tx, caller, targetOf(tx.request()));
    }

    /** As {@link #onCaller(ServerTransaction, Caller)} to {@code callee} (a DID's destination). */
    private void onCaller(ServerTransaction tx, Caller caller, String callee) {
        onCaller(tx, caller, callee, 0);
    }

    /** {@code hops}: forwards taken so far (a user forwarding elsewhere routes the call again). */
    private void onCaller(ServerTransaction tx, Caller caller, String callee, int hops) {
        Request request = tx.request();
        javax.sip.header.Header replaces = request.getHeader("Replaces");
        if (replaces != null) {
            onInviteWithReplaces(tx, caller, replaces);
            return;
        }
        if (hops == 0 && callee != null && io.switchboard.signaling.feature.FeatureCodes.isPickup(callee)) {
            waiting.pickUp(tx, caller.extension(), callee, groups);
            return;
        }
        if (hops == 0 && io.switchboard.signaling.feature.FeatureCodes.parkSlot(callee) != null) {
            waiting.retrieve(tx, caller.extension(), callee);
            return;
        }
        String plain = hops == 0 ? io.switchboard.signaling.feature.FeatureCodes.withheldNumber(callee) : null;
        if (plain != null) {
            // *67: this call's number is withheld; the rest is the number dialled.
            onCaller(tx, caller.anonymous(), plain, hops);
            return;
        }
        if (hops == 0) {
            counters.attempt();
        }
        long startedAt = System.currentTimeMillis();
        String callId = callIdOf(request);
        Refusal refusal = new Refusal(tx, callId, caller.extension(), callee, startedAt);
        Destination destination = callee == null ? null : plan.resolve(callee);
        if (destination instanceof Destination.Service service) {
            // A service number goes to an online server of its role, least loaded first; the others
            // are kept as spares for a server that answers 503 at its session cap.
            List<CallTarget> targets = workerTargets(service, callee);
            if (targets.isEmpty()) {
                refusal.respond(withRetryAfter(sip.response(request, Response.SERVICE_UNAVAILABLE,
                        "Service Unavailable - no " + service.kind().role() + " server")), Disposition.UNAVAILABLE);
                return;
            }
            boolean queue = service.kind() == ServiceKind.QUEUE
                    && !io.switchboard.common.queue.AgentFeatureCodes.isFeatureName(service.name());
            offer(tx, caller, callee, targets.subList(0, 1), targets.subList(1, targets.size()), refusal, queue);
            return;
        }
        if (callee == null) {
            refusal.respond(sip.response(request, Response.NOT_FOUND), Disposition.NOT_FOUND);
            return;
        }
        io.switchboard.signaling.trunk.OutboundRouter routes = outbound;
        java.util.Optional<io.switchboard.signaling.trunk.OutboundRouter.Outbound> out =
                routes == null || caller.fromTrunk() ? java.util.Optional.empty() : routes.route(callee, caller.extension());
        io.switchboard.signaling.group.RingGroupBook ringGroups = groups;
        java.util.Optional<io.switchboard.signaling.group.RingGroup> group = ringGroups == null ? java.util.Optional.empty()
                : ringGroups.byNumber(callee);
        if (group.isPresent() && !(out.isPresent() && out.get().route().emergency())) {
            onRingGroup(tx, caller, group.get(), hops, refusal);
            return;
        }
        if (out.isPresent() && out.get().route().emergency()) {
            // Emergency numbers go out at once, whatever extension might share the number.
            offerOutbound(tx, caller, callee, out.get(), refusal);
            return;
        }
        withUser(callee, tx, found -> {
            if (found.filter(SipUser::enabled).isEmpty()) {
                if (out.isPresent()) {
                    offerOutbound(tx, caller, callee, out.get(), refusal);
                    return;
                }
                refusal.respond(sip.response(request, Response.NOT_FOUND), Disposition.NOT_FOUND);
                return;
            }
            io.switchboard.signaling.feature.FeatureBook book = features;
            io.switchboard.signaling.feature.CallFeatures f = book == null
                    ? io.switchboard.signaling.feature.CallFeatures.none(callee) : book.of(callee);
            if (!f.forwardAlways().isEmpty()) {
                forward(tx, caller, callee, f.forwardAlways(), hops, refusal);
                return;
            }
            if (f.dnd()) {
                if (!f.forwardBusy().isEmpty()) {
                    forward(tx, caller, callee, f.forwardBusy(), hops, refusal);
                } else {
                    refusal.respond(sip.response(request, Response.BUSY_HERE, "Busy Here - do not disturb"), Disposition.BUSY);
                }
                return;
            }
            List<Binding> bindings = location.lookup(callee).contacts();
            if (bindings.isEmpty()) {
                if (!f.forwardUnregistered().isEmpty()) {
                    forward(tx, caller, callee, f.forwardUnregistered(), hops, refusal);
                    return;
                }
                // Nobody failed to answer: the phone is not there (UNAVAILABLE, not the 480's NO_ANSWER).
                refusal.respond(sip.response(request, Response.TEMPORARILY_UNAVAILABLE,
                        "Temporarily Unavailable - not registered"), Disposition.UNAVAILABLE);
                return;
            }
            offer(tx, caller, callee, targets(bindings), List.of(), refusal, false, f);
        });
    }

    /**
     * The callee forwards the call to {@code target} (always, DND, unregistered): it is routed again as if
     * dialled, at most {@link #MAX_FORWARDS} times (a longer chain is a loop: 482, RFC 3261 §21.4.20).
     */
    private void forward(ServerTransaction tx, Caller caller, String from, String target, int hops, Refusal refusal) {
        if (hops >= MAX_FORWARDS) {
            LOG.info("call {} from {}: forwarding loop at {} -> {}", callIdOf(tx.request()), caller.extension(), from, target);
            refusal.respond(sip.response(tx.request(), Response.LOOP_DETECTED, "Loop Detected - call forwarding from " + from),
                    Disposition.FAILED);
            return;
        }
        LOG.debug("call {}: {} forwards to {}", callIdOf(tx.request()), from, target);
        onCaller(tx, caller, target, hops + 1);
    }

    /**
     * Where a call forwarded on busy or no answer goes (B2buaCall asks once its forks are done): the
     * target's registered phones, its worker server, or the trunks of the route that takes it; empty when
     * nobody can take it now.
     */
    List<CallTarget> targetsFor(String number, String caller) {
        Destination d = plan.resolve(number);
        if (d instanceof Destination.Service service) {
            return workerTargets(service, number);
        }
        List<Binding> bindings = location.lookup(number).contacts();
        if (!bindings.isEmpty()) {
            return targets(bindings);
        }
        io.switchboard.signaling.trunk.OutboundRouter routes = outbound;
        return routes == null ? List.of() : routes.route(number, caller)
                .map(o -> o.hops().stream().map(CallTarget::over).toList()).orElse(List.of());
    }

    /** A number for the providers: the route's trunks in order, the first tried and the others kept for failover. */
    private void offerOutbound(ServerTransaction tx, Caller caller, String callee,
                               io.switchboard.signaling.trunk.OutboundRouter.Outbound out, Refusal refusal) {
        if (out.hops().isEmpty()) {
            refusal.respond(withRetryAfter(sip.response(tx.request(), Response.SERVICE_UNAVAILABLE,
                    "Service Unavailable - no trunk of route " + out.route().name() + " is up")), Disposition.UNAVAILABLE);
            return;
        }
        List<CallTarget> targets = out.hops().stream().map(CallTarget::over).toList();
        LOG.info("call from {} to {}: route {}, sending {} over trunk {}", caller.extension(), callee, out.route().name(),
                out.hops().get(0).sentNumber(), out.hops().get(0).trunk().name());
        offer(tx, caller, callee, targets.subList(0, 1), targets.subList(1, targets.size()), refusal, false);
    }

    /** Checks the offer, answers 100 and gives the offer to a media node; the call is placed from its reply. */
    private void offer(ServerTransaction tx, Caller caller, String callee, List<CallTarget> targets,
                       List<CallTarget> spares, Refusal refusal, boolean queue) {
        offer(tx, caller, callee, targets, spares, refusal, queue, null);
    }

    private void offer(ServerTransaction tx, Caller caller, String callee, List<CallTarget> targets,
                       List<CallTarget> spares, Refusal refusal, boolean queue,
                       io.switchboard.signaling.feature.CallFeatures forwarding) {
        offer(tx, caller, callee, targets, spares, refusal, queue, forwarding, null);
    }

    /**
     * @param forwarding the callee's busy and no-answer forwarding, or null
     * @param hunt a ring group's remaining steps, or null
     */
    private void offer(ServerTransaction tx, Caller caller, String callee, List<CallTarget> targets,
                       List<CallTarget> spares, Refusal refusal, boolean queue,
                       io.switchboard.signaling.feature.CallFeatures forwarding, Hunt hunt) {
        Request request = tx.request();
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        String offer = B2buaCall.body(request);
        if (offer != null && (type == null || !"application".equalsIgnoreCase(type.getContentType())
                || !"sdp".equalsIgnoreCase(type.getContentSubType()))) {
            // RFC 3261 §8.2.3: a body we cannot read gets 415 with what we accept.
            Response unsupported = sip.response(request, Response.UNSUPPORTED_MEDIA_TYPE);
            try {
                unsupported.addHeader(sip.headers().createAcceptHeader("application", "sdp"));
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
            refusal.respond(unsupported, Disposition.FAILED);
            return;
        }
        boolean lateOffer = offer == null;
        if (lateOffer) {
            offer = LateOffer.standIn(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        }
        SessionDescription parsedOffer;
        try {
            parsedOffer = SessionDescription.parse(offer);
        } catch (SdpException e) {
            refusal.respond(sip.response(request, Response.BAD_REQUEST, "Bad Request - SDP " + e.getMessage()),
                    Disposition.FAILED);
            return;
        }
        SessionTimer.Negotiated timer = SessionTimer.asUas(B2buaCall.headerValue(request, "Session-Expires"),
                B2buaCall.headerValue(request, "Min-SE"), supportsTimer(request), (int) settings.sessionExpires().toSeconds());
        if (timer.refused()) {
            // RFC 4028 §9: an interval below our Min-SE gets 422 naming the smallest we take.
            Response tooSmall = sip.response(request, 422, "Session Interval Too Small");
            try {
                tooSmall.addHeader(sip.headers().createHeader("Min-SE", Integer.toString(timer.minSeRequired())));
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
            refusal.respond(tooSmall, Disposition.FAILED);
            return;
        }
        tx.respond(sip.response(request, Response.TRYING));
        String callId = refusal.callId;
        String fromTag = ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
        Placement placement = new Placement(tx, request, caller, callee, targets, spares, refusal, queue, forwarding, lateOffer,
                timer.timer(), hunt);
        // Nothing waits for the media node: the call is placed from the offer's completion, on the call's loop.
        picker.offer(callId, fromTag, offer, isPublic(tx.flow().remote()), isPublic(targets.get(0).address()),
                        MediaNodePicker.CalleeMedia.of(targets.stream().map(CallTarget::transport).toList()))
                .whenCompleteAsync((media, error) -> place(placement, media, error), shardOf(callId));
    }

    /**
     * INVITE with Replaces (RFC 3891 §3): an authenticated phone takes the place of one party of an
     * established call of ours (a pickup, or an attended transfer the transferor had the target do).
     * The call's relay port that faced the replaced party becomes the newcomer's; the replaced party
     * gets a BYE. The dialog is named with our tag as to-tag (we receive the INVITE).
     */
    private void onInviteWithReplaces(ServerTransaction tx, Caller caller, javax.sip.header.Header header) {
        Request request = tx.request();
        java.util.Optional<io.switchboard.common.sip.dialog.Replaces> replaces =
                io.switchboard.common.sip.dialog.Replaces.parse(B2buaCall.valueOf(header));
        if (replaces.isEmpty()) {
            tx.respond(sip.response(request, Response.BAD_REQUEST, "Bad Request - Replaces needs a Call-ID, to-tag and from-tag"));
            return;
        }
        io.switchboard.common.sip.dialog.Replaces r = replaces.get();
        Dialogs.Entry found = dialogs.find(r.callId(), r.toTag());
        if (found == null) {
            tx.respond(sip.response(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return;
        }
        String offer = B2buaCall.body(request);
        if (offer == null) {
            tx.respond(sip.response(request, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here - SDP offer required"));
            return;
        }
        tx.respond(sip.response(request, Response.TRYING));
        String localTag = ((ToHeader) sip.response(request, Response.RINGING).getHeader(ToHeader.NAME)).getTag();
        CallLeg newcomer = CallLeg.answering(sip, request, localTag, tx.flow());
        found.call().replaceLeg(found.leg(), newcomer, tx, caller.extension(), offer, r.earlyOnly());
    }

    /** What a new call needs once a media node has taken its offer. */
    /** @param queue leg B is a caller's place in a queue (its INVITE carries the arrival stamp) */
    private record Placement(ServerTransaction tx, Request request, Caller caller, String callee, List<CallTarget> targets,
                             List<CallTarget> spares, Refusal refusal, boolean queue,
                             io.switchboard.signaling.feature.CallFeatures forwarding, boolean lateOffer, SessionTimer timer,
                             Hunt hunt) {
    }

    /** Whether the request lists the {@code timer} option tag in Supported or Require (RFC 4028 §3). */
    private static boolean supportsTimer(Request request) {
        // The stack parses each comma-separated tag into a header of its own (as RequestInspection reads Require).
        for (String name : new String[] {javax.sip.header.SupportedHeader.NAME, javax.sip.header.RequireHeader.NAME}) {
            java.util.ListIterator<?> it = request.getHeaders(name);
            while (it != null && it.hasNext()) {
                if (it.next() instanceof javax.sip.header.OptionTag tag && "timer".equalsIgnoreCase(tag.getOptionTag())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Creates the call on the media node's lease and sends leg B's INVITEs; 503 when no node took the offer. */
    private void place(Placement p, MediaLease media, Throwable error) {
        // The transaction lets go of its request once it is over, so the one read at the offer is used.
        Request request = p.request();
        String callId = p.refusal().callId;
        int over = p.tx().finalStatus();
        if (over != 0) {
            // Cancelled (487) or past its deadline while the media node answered: nobody to ring for.
            if (media != null) {
                new CallMedia(ng, media, callId).release();
            }
            LOG.info("call {} from {} ended ({}) before its media was ready; not placed", callId, p.caller().extension(), over);
            p.refusal().record(over, Disposition.ofFailure(over));
            return;
        }
        if (error != null) {
            Throwable cause = CallMedia.cause(error);
            if (cause instanceof NoMediaNodeException) {
                LOG.warn("call {} from {} refused: {}", callId, p.caller().extension(), cause.getMessage());
                p.refusal().respond(withRetryAfter(sip.response(request, Response.SERVICE_UNAVAILABLE,
                        "Service Unavailable - no media server")), Disposition.UNAVAILABLE);
            } else {
                LOG.warn("request handler failed on INVITE Call-ID {}: {}", callId, cause.toString());
                p.tx().respond(sip.response(request, Response.SERVER_INTERNAL_ERROR));
            }
            return;
        }
        B2buaCall call = null;
        try {
            String localTag = ((ToHeader) sip.response(request, Response.RINGING).getHeader(ToHeader.NAME)).getTag();
            CallLeg a = CallLeg.answering(sip, request, localTag, p.tx().flow());
            if (p.caller().fromTrunk() && !takeChannel(p.caller().trunk())) {
                new CallMedia(ng, media, callId).release();
                LOG.warn("call {} from trunk {} refused: all of its channels are busy", callId, p.caller().trunk());
                p.refusal().respond(withRetryAfter(sip.response(request, Response.SERVICE_UNAVAILABLE,
                        "Service Unavailable - trunk " + p.caller().trunk() + " is at its channel limit")), Disposition.UNAVAILABLE);
                return;
            }
            call = new B2buaCall(this, p.caller().extension(), p.callee(), a, p.tx(), new CallMedia(ng, media, callId));
            if (p.caller().fromTrunk()) {
                call.cameInBy(p.caller().trunk());
            }
            io.switchboard.signaling.feature.CallFeatures f = p.forwarding();
            if (f != null) {
                call.forwarding(f.forwardBusy(), f.forwardNoAnswer(), java.time.Duration.ofSeconds(f.noAnswerSeconds()));
            }
            if (p.queue()) {
                call.queueCall(clusterTime());
            }
            if (p.lateOffer()) {
                call.lateOffer();
            }
            call.sessionTimer(p.timer());
            io.switchboard.signaling.feature.FeatureBook book = features;
            io.switchboard.signaling.feature.CallFeatures own = book == null
                    ? io.switchboard.signaling.feature.CallFeatures.none(p.caller().extension()) : book.of(p.caller().extension());
            call.presentation(p.caller().withheld() || own.withholdCallerId(), own.callerId());
            if (p.hunt() != null) {
                call.hunt(p.hunt());
            }
            calls.put(call.id, call);
            dialogs.register(call, a);
            if (records(p)) {
                call.media.startRecording();
            }
            call.start(p.targets(), p.spares(), p.caller().displayName());
        } catch (RuntimeException e) {
            if (call == null) {
                new CallMedia(ng, media, callId).release();
            } else {
                call.hangUp("system", "could not place leg B: " + e.getMessage());
            }
            // What the transport does when a request handler throws: logged, and a 500 if nothing final went out.
            LOG.warn("request handler failed on INVITE Call-ID {}: {}", callId, e.toString());
            p.tx().respond(sip.response(request, Response.SERVER_INTERNAL_ERROR));
        }
    }

    /** A call in over a trunk that records, or out by a route one of whose trunks records. */
    private boolean records(Placement p) {
        io.switchboard.signaling.trunk.TrunkInbound in = trunks;
        if (p.caller().fromTrunk()) {
            return in != null && in.records(p.caller().trunk());
        }
        return java.util.stream.Stream.concat(p.targets().stream(), p.spares().stream())
                .anyMatch(t -> t.trunk() != null && t.trunk().trunk().media().record());
    }

    /**
     * An authenticated attempt answered before any call exists (unknown number, callee not
     * registered, bad offer, no media node): it still ends with a CDR and a {@code calls.ended}
     * count, so attempts, outcomes and CDRs add up.
     */
    private final class Refusal {
        private final ServerTransaction tx;
        private final String callId;
        private final String caller;
        private final String callee;
        private final long startedAt;

        Refusal(ServerTransaction tx, String callId, String caller, String callee, long startedAt) {
            this.tx = tx;
            this.callId = callId;
            this.caller = caller;
            this.callee = callee == null ? "" : callee;
            this.startedAt = startedAt;
        }

        void respond(Response response, Disposition disposition) {
            tx.respond(response);
            record(response.getStatusCode(), disposition);
        }

        /** The CDR of a call that ended before it was placed. */
        void record(int status, Disposition disposition) {
            long now = System.currentTimeMillis();
            cdrs.write(new Cdr(java.util.UUID.randomUUID().toString(), callId, caller, callee,
                    Instant.ofEpochMilli(startedAt), null, Instant.ofEpochMilli(now), 0, disposition,
                    status, "system", ""));
            counters.ended(disposition);
        }
    }

    /** Requests inside a dialog (To tag present): BYE, re-INVITE, INFO, ACK ... (RFC 3261 §12.2.2). */
    public void onInDialog(ServerTransaction tx) {
        Request request = tx.request();
        String callId = ((javax.sip.header.CallIdHeader) request.getHeader("Call-ID")).getCallId();
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        Dialogs.Entry entry = dialogs.find(callId, toTag);
        if (entry != null) {
            entry.call().onInDialog(tx, entry.leg());
            return;
        }
        if (toTag == null) {
            noSuchDialog(tx);
            return;
        }
        // Not ours: perhaps a call of a signaling member that is gone. The cluster read is asynchronous.
        CompletableFuture<Optional<CallRecord>> found;
        try {
            found = store.findAsync(callId, toTag);
        } catch (RuntimeException e) {
            LOG.warn("call lookup for dialog {} failed: {}", callId, e.toString());
            noSuchDialog(tx);
            return;
        }
        found.whenCompleteAsync((record, failure) -> {
            Dialogs.Entry taken = failure == null ? takeOver(callId, toTag, record) : null;
            if (failure != null) {
                LOG.warn("call lookup for dialog {} failed: {}", callId, failure.toString());
            }
            if (taken == null) {
                noSuchDialog(tx);
            } else {
                taken.call().onInDialog(tx, taken.leg());
            }
        }, shardOf(callId));
    }

    private void noSuchDialog(ServerTransaction tx) {
        if (!Request.ACK.equals(tx.request().getMethod())) {
            tx.respond(sip.response(tx.request(), Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
        }
    }

    /**
     * An in-dialog request for a call this member does not know: if the cluster holds an answered call
     * with that dialog (placed by a signaling member that is gone, docs/ARCHITECTURE.md "Calls in the
     * cluster"), it is rebuilt here from its record and handles the request. On the Call-ID's loop,
     * once the record was read.
     */
    private Dialogs.Entry takeOver(String callId, String localTag, Optional<CallRecord> found) {
        if (found.isEmpty() || found.get().state() != CallState.ANSWERED || found.get().legB() == null) {
            return null;
        }
        CallRecord r = found.get();
        synchronized (takeovers) {
            Dialogs.Entry again = dialogs.find(callId, localTag);
            if (again != null || calls.containsKey(r.id())) {
                return again;
            }
            int colon = r.mediaNg().lastIndexOf(':');
            MediaLease lease = new MediaLease(r.mediaNode(), new java.net.InetSocketAddress(
                    r.mediaNg().substring(0, colon), Integer.parseInt(r.mediaNg().substring(colon + 1))), r.sdpToB());
            B2buaCall call = B2buaCall.restore(this, r, new CallMedia(ng, lease, r.id()));
            calls.put(call.id, call);
            for (CallLeg leg : call.legs()) {
                dialogs.register(call, leg);
            }
            // Ours now: the record (our CSeqs moved past the lost member's) is rewritten by this member,
            // which also makes the call's end delete it from the cluster (a writer deletes only what it wrote).
            store.adopt(call.record());
            counters.takenOver();
            LOG.info("call {} taken over from its cluster record: {} -> {} on media node {}", r.id(), r.caller(), r.callee(),
                    r.mediaNode());
            return dialogs.find(callId, localTag);
        }
    }

    /** The party placing a call, as the CDR and the callee's From show it. */
    /** {@code trunk}: the trunk the call came in by, null from a phone or a worker; {@code withheld}: dialled with *67. */
    private record Caller(String extension, String displayName, String trunk, boolean withheld) {
        Caller(String extension, String displayName) {
            this(extension, displayName, null, false);
        }

        Caller(String extension, String displayName, String trunk) {
            this(extension, displayName, trunk, false);
        }

        Caller anonymous() {
            return new Caller(extension, displayName, trunk, true);
        }

        boolean fromTrunk() {
            return trunk != null;
        }
    }

    /**
     * Online servers of the service's role with room, least loaded first, each as a target for the
     * number; the service's host first when it has one online (every caller of a queue reaches the
     * node that holds its line; the others are spares should it refuse).
     */
    private List<CallTarget> workerTargets(Destination.Service service, String number) {
        NodeRegistry nodes = registry.get();
        if (nodes == null) {
            return List.of();
        }
        List<CallTarget> out = new ArrayList<>();
        List<NodeStatus> online = new ArrayList<>(nodes.serving(service.kind().role()));
        if (!service.host().isEmpty()) {
            for (int i = 0; i < online.size(); i++) {
                if (online.get(i).name().equals(service.host())) {
                    online.add(0, online.remove(i));
                    break;
                }
            }
        }
        for (NodeStatus node : online) {
            Integer port = node.ports().get("sip");
            if (port == null || node.capacity() > 0 && node.activeSessions() >= node.capacity()) {
                continue;
            }
            out.add(new CallTarget("sip:" + number + "@" + node.privateAddress() + ":" + port,
                    new InetSocketAddress(node.privateAddress(), port), SipTransportKind.UDP));
        }
        return out;
    }

    private Response withRetryAfter(Response response) {
        try {
            response.addHeader(sip.headers().createRetryAfterHeader(5));
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    /** Whether {@code number} reaches a queue (not an agent feature code, also served by queue nodes). */
    boolean isQueueNumber(String number) {
        return number != null && plan.resolve(number) instanceof Destination.Service s && s.kind() == ServiceKind.QUEUE
                && !io.switchboard.common.queue.AgentFeatureCodes.isFeatureName(s.name());
    }

    /** Now on the cluster's clock: the stamp that orders a queue's line. */
    long clusterTime() {
        NodeRegistry nodes = registry.get();
        return nodes != null ? nodes.clusterTime() : System.currentTimeMillis();
    }

    /**
     * Where a blind transfer to {@code number} goes, resolved like a dialled number: a service number
     * to its least loaded server, an extension to its most recently registered contact.
     */

    CompletableFuture<Optional<CallTarget>> transferTarget(String number) {
        if (plan.resolve(number) instanceof Destination.Service service) {
            return CompletableFuture.completedFuture(workerTargets(service, number).stream().findFirst());
        }
        return users.apply(number).thenApply(user -> {
            if (user.filter(SipUser::enabled).isEmpty()) {
                return Optional.empty();
            }
            List<Binding> bindings = location.lookup(number).contacts();
            if (bindings.isEmpty()) {
                return Optional.empty();
            }
            List<CallTarget> all = targets(bindings);
            return Optional.of(all.get(all.size() - 1));
        });
    }

    private static String targetOf(Request request) {
        if (request.getRequestURI() instanceof SipURI uri && uri.getUser() != null && !uri.getUser().isEmpty()) {
            return uri.getUser();
        }
        return null;
    }

    private static String callIdOf(Request request) {
        javax.sip.header.CallIdHeader id = (javax.sip.header.CallIdHeader) request.getHeader("Call-ID");
        return id == null ? "" : id.getCallId();
    }

    private static long cseqOf(Request request) {
        return ((javax.sip.header.CSeqHeader) request.getHeader("CSeq")).getSeqNumber();
    }

    private static List<CallTarget> targets(List<Binding> bindings) {
        List<CallTarget> out = new ArrayList<>();
        for (Binding b : bindings) {
            int colon = b.source().lastIndexOf(':');
            InetSocketAddress address = new InetSocketAddress(b.source().substring(0, colon),
                    Integer.parseInt(b.source().substring(colon + 1)));
            out.add(new CallTarget(b.contact(), address, SipTransportKind.valueOf(b.transport())));
        }
        return out;
    }

    /** A peer outside private address space is served the media node's public address (docs/ARCHITECTURE.md "Call path"). */
    static boolean isPublic(InetSocketAddress peer) {
        InetAddress a = peer.getAddress();
        return !(a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress());
    }

    // ---- collaborators and small helpers for B2buaCall ----

    SipMessages sip() {
        return sip;
    }

    SipTransport transport() {
        return transport;
    }

    CallStore store() {
        return store;
    }

    CdrWriter cdrs() {
        return cdrs;
    }

    CallSettings settings() {
        return settings;
    }

    Dialogs dialogs() {
        return dialogs;
    }

    ParkingLot parking() {
        return parking;
    }

    String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /**
     * The event loop that owns a call (its leg A's Call-ID): its requests, responses, timers and
     * media-node replies all run there (docs/ARCHITECTURE.md "Hot paths").
     */
    EventLoop shardOf(String callId) {
        return transport.shards().of(callId);
    }

    /** A new Call-ID for a leg we place, owned by the same loop as the call. */
    String newCallId(EventLoop shard, String host) {
        return transport.shards().newCallId(shard, host);
    }

    /** Our Contact towards a leg: where its in-dialog requests reach us (RFC 3261 §12.1.1). */
    String contact(CallLeg leg) {
        String t = switch (leg.transport()) {
            case UDP -> "";
            case TCP -> ";transport=tcp";
            case TLS -> ";transport=tls";
            case WS -> ";transport=ws";
            case WSS -> ";transport=wss";
        };
        return "<sip:switchboard@" + transport.viaHost(leg.peer()) + ":" + transport.port(leg.transport()) + t + ">";
    }

    void withContact(Response response, CallLeg leg) {
        try {
            response.setHeader(sip.headers().createHeader("Contact", contact(leg)));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    void withBody(Response response, String sdp) {
        try {
            ContentTypeHeader type = sip.headers().createContentTypeHeader("application", "sdp");
            response.setContent(sdp.getBytes(StandardCharsets.UTF_8), type);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    Response withAllow(Response response) {
        try {
            for (String method : ALLOW.split(", ")) {
                response.addHeader(sip.headers().createAllowHeader(method));
            }
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return response;
    }


    void ended(B2buaCall call, Disposition disposition) {
        calls.remove(call.id, call);
        counters.ended(disposition);
        if (disposition == Disposition.ANSWERED) {
            tell(answeredCallEnds, new AnsweredCall(call.id, call.caller, call.callee, call.gaveALegAway()));
        }
    }

    /**
     * {@code call} gave its far leg to another call (attended transfer) and only waits to release the
     * transferor: its parties are told it ended for them, as a leg-giving call (no wrap-up); its real
     * end tells them again, which changes nothing.
     */
    void partiesLeft(B2buaCall call) {
        tell(answeredCallEnds, new AnsweredCall(call.id, call.caller, call.callee, true));
    }

    /** {@code call} was answered, or a transfer changed its parties while answered. */
    void answered(B2buaCall call) {
        tell(answeredCallStarts, new AnsweredCall(call.id, call.caller, call.callee, false));
    }

    private static void tell(Consumer<AnsweredCall> listener, AnsweredCall call) {
        try {
            listener.accept(call);
        } catch (RuntimeException e) {
            // A listener's failure (its executor shut down) must not break the call's own bookkeeping.
            LOG.warn("call {}: an answered-call listener failed: {}", call.callId(), e.toString());
        }
    }

    /**
     * Told the parties of every call that is answered, and again whenever a transfer changes the
     * parties of an answered call (agents on a call are not offered queue calls). Called on the
     * call's event loop: the listener must hand anything slow to its own thread.
     */
    public void onAnsweredCallStart(Consumer<AnsweredCall> listener) {
        this.answeredCallStarts = listener;
    }

    /**
     * Told the parties of every answered call that ends, also of one that gave a leg away by attended
     * transfer ({@link AnsweredCall#gaveALegAway()}: its parties talk on in the other call). Called on
     * the call's event loop: the listener must hand anything slow to its own thread.
     */
    public void onAnsweredCallEnd(Consumer<AnsweredCall> listener) {
        this.answeredCallEnds = listener;
    }

    /** Whether {@code callId} is a call this member handles now. */
    public boolean isActive(String callId) {
        return calls.containsKey(callId);
    }

    /**
     * A queue node stopped heartbeating: every caller waiting on it is offered again to its queue,
     * each on its own call's loop. Calls elsewhere ignore it.
     */
    public void queueNodeLost(InetSocketAddress node) {
        for (B2buaCall call : calls.values()) {
            call.shard.execute(() -> call.reofferIfOn(node));
        }
    }

    /**
     * Ends call {@code id} if this member handles it (an operator's hang-up from the admin API): BYE to
     * both legs once answered, 480 to the caller and CANCEL to the forks while ringing; the CDR says
     * {@code endedBy}. On the call's own loop. False when the call is not here.
     */
    public boolean hangUp(String id, String endedBy) {
        B2buaCall call = calls.get(id);
        if (call == null) {
            return false;
        }
        call.shard.execute(() -> call.hangUp(endedBy, "hung up by the operator"));
        return true;
    }

    /** What the CDR of a lost member's ringing call, dropped by the new active, says ended it. */
    public static final String ENDED_BY_FAILOVER = "failover";

    /**
     * After this member became the pair's active (the other is gone): the lost member's calls that
     * were not answered yet died with their INVITE transactions, and nobody would ever end them. Their
     * records leave the cluster, their media sessions are deleted, and each gets its CDR (unavailable,
     * 503, ended by {@value #ENDED_BY_FAILOVER}), the only one, since the lost member never wrote it.
     * Answered calls stay: their next in-dialog request takes them over. Blocking cluster reads: on
     * the HA thread, never on a SIP loop. Returns how many were dropped.
     */
    public int dropOrphans() {
        int dropped = 0;
        for (CallRecord r : store.all()) {
            if (r.state() == CallState.ANSWERED || calls.containsKey(r.id())) {
                continue;
            }
            store.forget(r);
            if (r.mediaNode() != null && r.mediaNg() != null) {
                int colon = r.mediaNg().lastIndexOf(':');
                MediaLease lease = new MediaLease(r.mediaNode(), new java.net.InetSocketAddress(
                        r.mediaNg().substring(0, colon), Integer.parseInt(r.mediaNg().substring(colon + 1))), r.sdpToB());
                new CallMedia(ng, lease, r.id()).release();
            }
            long now = System.currentTimeMillis();
            cdrs.write(new io.switchboard.signaling.cdr.Cdr(java.util.UUID.randomUUID().toString(), r.id(), r.caller(),
                    r.callee(), java.time.Instant.ofEpochMilli(r.startedAt()), null, java.time.Instant.ofEpochMilli(now), 0,
                    io.switchboard.signaling.cdr.Disposition.UNAVAILABLE, Response.SERVICE_UNAVAILABLE, ENDED_BY_FAILOVER,
                    r.mediaNode() == null ? "" : r.mediaNode()));
            LOG.info("call {} ({} -> {}) was ringing on the lost member: dropped", r.id(), r.caller(), r.callee());
            dropped++;
        }
        return dropped;
    }

    public int activeCalls() {
        return calls.size();
    }

    /**
     * Shutdown. With another signaling member online, answered calls are left to the cluster: their
     * records stay in {@code calls} and the member that gets their next request takes them over
     * (docs/ARCHITECTURE.md, "Calls in the cluster"), so a restart or an upgrade of one member of the
     * pair drops no call. Ringing calls, and every call when this is the last signaling member, end
     * (BYE both legs, CANCEL ringing forks), so no media session is left behind.
     */
    @Override
    public void close() {
        boolean peer = otherSignalingOnline();
        int left = 0;
        for (B2buaCall call : new ArrayList<>(calls.values())) {
            if (peer && call.answered()) {
                calls.remove(call.id, call);
                left++;
            } else {
                call.hangUp("system", "shutdown");
            }
        }
        if (left > 0) {
            LOG.info("{} answered calls left to the other signaling members", left);
        }
    }

    private boolean otherSignalingOnline() {
        try {
            NodeRegistry nodes = registry.get();
            return nodes != null && nodes.online("signaling").stream()
                    .anyMatch(n -> !n.name().equals(nodes.self().name()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    Optional<B2buaCall> call(String id) {
        return Optional.ofNullable(calls.get(id));
    }
}
