package io.switchboard.signaling.call;

import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.signaling.cdr.Cdr;
import io.switchboard.signaling.cdr.Disposition;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call through the B2BUA: leg A (the caller's INVITE, answered by us as UAS) and leg B (our
 * INVITE to the callee, forked to each registered contact; first 2xx wins, the rest are cancelled),
 * with the media anchored on one media node through ng offer/answer (RFC 3264 through the relay).
 * Every event of the call runs under this object's monitor, so the state below needs no other lock.
 * An ng round trip holds neither the monitor nor a thread: the command is sent, the event returns,
 * and the step goes on in the reply's continuation, re-entering the monitor on a call timer thread.
 * Events that arrive meanwhile wait in {@link HeldEvents} and run after it, in order, as they once
 * waited on the monitor; only what ends the call (the caller's CANCEL, a hang-up by us) acts at once,
 * and each continuation checks that the call has not ended in the meantime.
 *
 * <p>The class is long because the call is one state machine: splitting its transitions across
 * files would scatter the rules of RFC 3261 §13-15 that must be read together.
 */
final class B2buaCall {
    private static final Logger LOG = LoggerFactory.getLogger(B2buaCall.class);

    final CallControl control;
    final String id;
    /** The loop owning leg A's Call-ID: every event of this call runs there (docs/ARCHITECTURE.md "Hot paths"). */
    final io.netty.channel.EventLoop shard;
    String caller;
    String callee;
    /** The caller's leg; after a blind transfer by the caller, the transfer target's. */
    CallLeg a;
    /** The caller's INVITE transaction; let go once our 2xx is ACKed (heap per held call). */
    private ServerTransaction invite;
    private final List<Fork> forks = new ArrayList<>();
    final CallMedia media;
    private final HeldEvents held;
    private final long startedAt;
    private CallState state = CallState.ROUTING;
    CallLeg b;
    private long answeredAt;
    private ScheduledFuture<?> noAnswer;
    boolean ended;
    /** The SDP each leg last got from us (the relay's side of its session). */
    String sdpToA;
    String sdpToB;
    private final BestResponse best = new BestResponse();
    BlindTransfer transfer;
    /** When the caller first reached a queue (signaling's clock, ms); 0 when leg B is no queue node. */
    private volatile long queueJoinedAt;
    AttendedTransfer attended;
    final ReInvites reInvites = new ReInvites(this);
    final TransferNotifier notifier = new TransferNotifier(this);
    final SessionRefresh sessions = new SessionRefresh(this);
    /** The caller's session timer as agreed on its INVITE (RFC 4028 §9), or null. */
    private SessionTimer callerTimer;
    /** The callee's, from its 2xx (RFC 4028 §7.2), or null. */
    private SessionTimer calleeTimer;
    /** A leg this call gave to another by attended transfer: no BYE, no dialog of ours any more. */
    private CallLeg movedAway;

    /** Whether one of its legs went to another call (attended transfer): its parties' call goes on there. */
    boolean gaveALegAway() {
        return movedAway != null;
    }
    private final List<CallTarget> spares = new ArrayList<>();
    /** The trunk the call came in by, or went out by (the last one tried), for the CDR; "" between extensions. */
    private String trunk = "";
    /** The number sent to the provider over {@link #trunk} when the call went out. */
    private String sentNumber = "";
    /** The trunk whose channel this call holds, or null. */
    private String channel;
    /** The callee's forwarding when its phones are busy, or nobody answers within {@link #noAnswerAfter}; "" off. */
    private String forwardBusy = "";
    private String forwardNoAnswer = "";
    private java.time.Duration noAnswerAfter = java.time.Duration.ZERO;
    /** The call was forwarded once already: a second busy or no answer ends it. */
    private boolean forwarded;
    private String callerDisplay;
    /** The caller's INVITE had no SDP: our 2xx carries the offer and its ACK the answer (RFC 3264 §4, RFC 3261 §13.2.1). */
    private boolean lateOffer;
    /** The callee's answer to the stand-in offer, kept to close the relay's offer/answer once the caller's arrives. */
    private String calleeAnswer;
    /** Our 2xx to a late-offer caller went out with an offer; its ACK must bring the answer. */
    private boolean answerDueInAck;

    /** The session timer agreed with the caller (before {@link #start}); leg B is asked for the same interval. */
    synchronized void sessionTimer(SessionTimer agreed) {
        this.callerTimer = agreed;
    }

    /**
     * What our INVITEs to the callee support and ask for: reliable provisional responses (RFC 3262, we PRACK
     * them) and, with a session timer, the caller's interval, the callee choosing the refresher (RFC 4028 §7.1).
     */
    private String sessionTimerHeaders() {
        return callerTimer == null ? "Supported: 100rel\r\n" : "Supported: 100rel\r\nSupported: timer\r\nSession-Expires: "
                + callerTimer.seconds() + "\r\nMin-SE: " + SessionTimer.MIN_SE + "\r\n";
    }

    /** A 2xx of ours to the caller names the session timer (and requires it of a caller that supports it, RFC 4028 §9). */
    void stampSessionTimer(Response ok, CallLeg to) {
        SessionTimer t = callerTimer;
        if (t == null || to != a) {
            return;
        }
        try {
            ok.setHeader(control.sip().headers().createHeader("Session-Expires", t.sessionExpiresAsUas()));
            if (t.peerSupports()) {
                ok.setHeader(control.sip().headers().createHeader("Require", "timer"));
            }
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A ring group's remaining steps, or null for any other call. */
    private Hunt hunt;

    /** The call rings a ring group: {@link #start}'s targets are its first step (before {@link #start}). */
    synchronized void hunt(Hunt h) {
        this.hunt = h;
    }

    /**
     * The ring group's current step was not answered (no answer within the step, or every phone of it
     * refused): its forks are cancelled and the next step with a phone to ring rings, for the group's ring
     * time; after the last step the call falls through. False when nothing is left to try.
     */
    private boolean nextHuntStep(String why) {
        if (hunt == null || forwarded) {
            return false;
        }
        cancelOtherForks(null);
        for (List<String> members = hunt.next(); members != null; members = hunt.next()) {
            List<CallTarget> to = control.memberTargets(members);
            if (to.isEmpty()) {
                continue;
            }
            LOG.info("call {}: ring group {} {} -> ringing {}", id, hunt.group(), why, members);
            List<Fork> placed = new ArrayList<>();
            for (CallTarget t : to) {
                placed.add(fork(t));
            }
            placed.forEach(this::send);
            cancelNoAnswer();
            noAnswer = schedule(this::onNoAnswer, hunt.step());
            return true;
        }
        if (!hunt.fallthrough().isEmpty() && forwardTo(hunt.fallthrough(), "ring group " + hunt.group() + " fall-through")) {
            cancelNoAnswer();
            noAnswer = schedule(this::onNoAnswer, control.settings().noAnswerTimeout());
            return true;
        }
        return false;
    }

    /**
     * Whether this call is ringing {@code extension} now and may be picked up: the callee's own phones, or
     * the ring group's step that rings it (and a call to the group itself, by the group's number).
     */
    synchronized boolean ringingFor(String extension) {
        if (state != CallState.RINGING || ended || b != null || forwarded) {
            return false;
        }
        return hunt == null ? callee.equals(extension) : hunt.current().contains(extension) || callee.equals(extension);
    }

    /** When the call started (ms): pickup takes the longest ringing first. */
    long startedAt() {
        return startedAt;
    }

    /**
     * Call pickup: {@code picker}'s INVITE (with its offer) answers this ringing call in the callee's place.
     * The forks are cancelled, the relay's callee side is given the picker's SDP, the picker gets the offer
     * leg B would have had as its answer, and the caller its 200, as if a fork had answered.
     */
    synchronized void pickUp(ServerTransaction tx, CallLeg picker, String party, String offer) {
        if (held.hold(() -> pickUp(tx, picker, party, offer))) {
            return;
        }
        if (state != CallState.RINGING || ended || b != null) {
            tx.respond(control.sip().response(tx.request(), Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                    "Call/Transaction Does Not Exist - the call was answered or ended"));
            return;
        }
        cancelOtherForks(null);
        cancelNoAnswer();
        b = picker;
        callee = party;
        control.dialogs().register(this, picker);
        LOG.info("call {}: picked up by {}", id, party);
        afterMedia(media.answer(a.remoteTag(), picker.remoteTag(), offer), forA -> {
            if (ended || b != picker) {
                tx.respond(control.sip().response(tx.request(), Response.REQUEST_TERMINATED));
                return;
            }
            if (forA != null) {
                Response ok = control.sip().response(tx.request(), Response.OK);
                control.withContact(ok, picker);
                control.withBody(ok, sdpToB);
                tx.respond(ok);
            } else {
                tx.respond(control.sip().response(tx.request(), Response.SERVER_INTERNAL_ERROR,
                        "Server Internal Error - media node unavailable"));
            }
            onAnswerAnchored(picker, forA);
        });
    }

    /** Call park: the slot, the parker's released leg, the timeout (docs/ARCHITECTURE.md "Ring groups and pickup"). */
    final CallPark park = new CallPark(this);

    /**
     * A phone dialled the slot this call is parked on: it takes the parker's place as an INVITE with
     * Replaces would (the relay port that faced the parker is handed to it), and a held parked party is
     * resumed.
     */
    synchronized void retrieve(ServerTransaction tx, CallLeg newcomer, String party, String offer) {
        if (held.hold(() -> retrieve(tx, newcomer, party, offer))) {
            return;
        }
        CallLeg parker = ended ? null : park.take(party);
        if (parker == null) {
            tx.respond(control.sip().response(tx.request(), Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                    "Call/Transaction Does Not Exist - the parked call is gone"));
            return;
        }
        replaceLeg(parker, newcomer, tx, party, offer, false);
    }

    /** {@code leg} was put on hold by a party now gone: a sendrecv re-offer of the same port resumes it (RFC 3264 §8.4). */
    void resumeIfHeld(CallLeg leg) {
        String last = leg == a ? sdpToA : sdpToB;
        if (!ReOffer.held(last)) {
            return;
        }
        String resume = ReOffer.of(last, last);
        if (leg == a) {
            sdpToA = resume;
        } else {
            sdpToB = resume;
        }
        reInvites.own(leg, resume, answer -> { }, (status, reason) ->
                LOG.info("call {}: resuming {} failed: {} {}", id, leg.remoteUri(), status, reason));
    }

    /** The caller's number is withheld from the callee (RFC 3323): anonymous From, the identity only in PAI to a trunk. */
    private boolean withheld;
    /** The caller's own number on calls out over a trunk; "" for the trunk's. */
    private String outsideNumber = "";

    /** How the caller is presented (before {@link #start}). */
    synchronized void presentation(boolean withheld, String outsideNumber) {
        this.withheld = withheld;
        this.outsideNumber = outsideNumber == null ? "" : outsideNumber;
    }

    /** The caller sent no offer: leg B gets {@link LateOffer}'s stand-in, the caller ours in the 2xx (before {@link #start}). */
    synchronized void lateOffer() {
        this.lateOffer = true;
    }

    B2buaCall(CallControl control, String caller, String callee, CallLeg a, ServerTransaction invite, CallMedia media) {
        this(control, caller, callee, a, invite, media, System.currentTimeMillis());
    }

    private B2buaCall(CallControl control, String caller, String callee, CallLeg a, ServerTransaction invite,
                      CallMedia media, long startedAt) {
        this.startedAt = startedAt;
        this.control = control;
        this.id = a.callId();
        this.shard = control.shardOf(a.callId());
        this.caller = caller;
        this.callee = callee;
        this.a = a;
        this.invite = invite;
        this.media = media;
        this.held = new HeldEvents(id);
        this.sdpToB = media.lease().sdp();
    }

    /** Sends leg B's INVITE to every contact and arms the no-answer timer (the proxy's Timer C analogue). */
    synchronized void start(List<CallTarget> targets, List<CallTarget> spares, String callerDisplay) {
        this.spares.addAll(spares);
        this.callerDisplay = callerDisplay;
        state = CallState.RINGING;
        invite.onCancel(this::onCallerCancel);
        invite.onAckTimeout(() -> hangUp("callee", "no ACK for our 2xx"));
        List<Fork> placed = new ArrayList<>();
        for (CallTarget target : targets) {
            placed.add(fork(target));
        }
        for (Fork fork : placed) {
            send(fork);
        }
        if (ended) {
            return; // every trunk of the route was at its channel limit: the caller has its 503
        }
        // A callee forwarding on no answer rings for its own time first.
        noAnswer = schedule(this::onNoAnswer, hunt != null ? hunt.step()
                : !forwardNoAnswer.isEmpty() && !noAnswerAfter.isZero() ? noAnswerAfter : control.settings().noAnswerTimeout());
        control.store().put(record());
    }

    private Fork fork(CallTarget target) {
        String host = control.transport().viaHost(target.address());
        // Over a trunk, From and To are in the provider's domain and To names the number sent.
        String domain = target.trunk() == null ? host : target.trunk().domain();
        // Over a trunk the caller presents its own outside number, else the trunk's when it has one (what the provider allows).
        String presented = target.trunk() == null ? caller : !outsideNumber.isEmpty() ? outsideNumber
                : target.trunk().trunk().callerId().isEmpty() ? caller : target.trunk().trunk().callerId();
        // RFC 3323 §4.1.1.3: an anonymous From; the provider alone learns who, from PAI with Privacy: id (RFC 3325 §9.3).
        String from = withheld ? "\"Anonymous\" <sip:anonymous@anonymous.invalid>"
                : displayName(callerDisplay) + "<sip:" + presented + "@" + domain + ">";
        String to = target.trunk() == null ? "<sip:" + callee + "@" + host + ">" : "<sip:" + target.trunk().sentNumber() + "@" + domain + ">";
        CallLeg leg = CallLeg.outgoing(control.newCallId(shard, host), control.newTag(), from,
                to, target.contact(), 1, target.address(), target.transport());
        // A trunk gets the offer narrowed to its codecs and DTMF mode; null when it takes none of them.
        String offer = target.trunk() == null ? sdpToB : target.trunk().trunk().media().narrow(sdpToB).orElse(null);
        Request request = leg.request(control.sip(), Request.INVITE, 1, control.contact(leg), "application/sdp",
                (offer == null ? sdpToB : offer).getBytes(StandardCharsets.UTF_8),
                (target.trunk() == null ? "" : "P-Asserted-Identity: <sip:" + presented + "@" + domain + ">\r\n"
                        + (withheld ? "Privacy: id\r\n" : "")) + sessionTimerHeaders());
        if (queueJoinedAt > 0) {
            stampQueueCall(request, queueJoinedAt);
        }
        Fork fork = new Fork(leg, request, target, offer);
        forks.add(fork);
        return fork;
    }

    /** The callee's busy and no-answer forwarding (before {@link #start}). */
    synchronized void forwarding(String busy, String noAnswer, java.time.Duration after) {
        this.forwardBusy = busy;
        this.forwardNoAnswer = noAnswer;
        this.noAnswerAfter = after;
    }

    /** Rings {@code target} instead (RFC 3261 §8.1.3.4 in B2BUA form); false when nobody can take it now. */
    private boolean forwardTo(String target, String why) {
        List<CallTarget> to = control.targetsFor(target, caller);
        if (to.isEmpty()) {
            LOG.info("call {}: {} forwarding to {} found nobody to ring", id, why, target);
            return false;
        }
        forwarded = true;
        LOG.info("call {}: {} -> forwarded on {} to {}", id, callee, why, target);
        spares.clear();
        if (to.get(0).trunk() != null) {
            spares.addAll(to.subList(1, to.size()));
            send(fork(to.get(0)));
        } else {
            List<Fork> placed = new ArrayList<>();
            for (CallTarget t : to) {
                placed.add(fork(t));
            }
            placed.forEach(this::send);
        }
        return true;
    }

    /** The call came in over {@code name} and holds one of its channels (its CDR names it; the end frees it). */
    synchronized void cameInBy(String name) {
        this.trunk = name;
        this.channel = name;
    }

    private void send(Fork fork) {
        if (fork.offer == null) {
            LOG.info("call {}: trunk {} takes none of the caller's codecs", id, fork.target.trunk().trunk().name());
            skip(fork, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here - no codec in common with the route's trunks");
            return;
        }
        if (fork.target.trunk() != null && !fork.authenticated) {
            String name = fork.target.trunk().trunk().name();
            // One channel at a time: the trunk tried before (it failed) frees its own.
            if (channel != null) {
                control.releaseChannel(channel);
                channel = null;
            }
            if (!control.takeChannel(name)) {
                LOG.info("call {}: trunk {} is at its channel limit", id, name);
                skip(fork, Response.SERVICE_UNAVAILABLE, "Service Unavailable - every trunk of the route is at its channel limit");
                return;
            }
            channel = name;
            trunk = name;
            sentNumber = fork.target.trunk().sentNumber();
        }
        fork.tx = control.transport().send(fork.invite, fork.leg.peer(), fork.leg.transport(), new ForkEvents(fork));
        fork.invite = null;
    }

    /** A trunk fork never sent: the next trunk is tried, or the call fails with {@code status} when none is left. */
    private void skip(Fork fork, int status, String reason) {
        fork.status = status;
        forks.remove(fork);
        if (!spares.isEmpty()) {
            send(fork(spares.remove(0)));
        } else if (forks.stream().noneMatch(Fork::pending)) {
            fail(status, reason, "system");
        }
    }

    private static String displayName(String name) {
        if (name == null || name.isBlank()) {
            return "";
        }
        return "\"" + name.replace("\\", "").replace("\"", "") + "\" ";
    }

    /** Events of one fork's client transaction, serialised through the call's monitor. */
    private final class ForkEvents implements ClientTransactionUser {
        private final Fork fork;

        ForkEvents(Fork fork) {
            this.fork = fork;
        }

        @Override
        public void onProvisional(ClientTransaction tx, Response response) {
            onForkProvisional(fork, response);
        }

        @Override
        public void onFinal(ClientTransaction tx, Response response) {
            onForkFinal(fork, response);
        }

        @Override
        public void onRetransmitted2xx(ClientTransaction tx, Response response) {
            onFork2xxAgain(fork, response);
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            onForkFailed(fork, Response.REQUEST_TIMEOUT, "Request Timeout");
        }

        @Override
        public void onTransportError(ClientTransaction tx, String reason) {
            // Never pass a 503 upstream for a failed hop (notes §4): the callee is simply unreachable.
            fork.unreachable = true;
            onForkFailed(fork, Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable");
        }
    }

    private synchronized void onForkProvisional(Fork fork, Response response) {
        if (held.hold(() -> onForkProvisional(fork, response)) || state != CallState.RINGING || ended) {
            return;
        }
        if (!acknowledgeReliable(fork, response)) {
            return;
        }
        int status = response.getStatusCode();
        String sdp = body(response);
        Request inviteA = invite.request();
        if (inviteA == null) {
            return;
        }
        Response toA = control.sip().response(inviteA, status == 180 || status == 183 ? status : 180);
        if (sdp == null || lateOffer) {
            // A late-offer caller may not get our offer in an unreliable provisional (RFC 3261 §13.2.1).
            control.withContact(toA, a);
            invite.respond(toA);
            return;
        }
        // Early media (RFC 3960): the callee's SDP goes through the relay like an answer.
        afterMedia(media.answer(a.remoteTag(), tag(response), sdp), forA -> {
            if (state != CallState.RINGING || ended) {
                return;
            }
            if (forA != null) {
                control.withBody(toA, forA);
            }
            control.withContact(toA, a);
            invite.respond(toA);
        });
    }

    private synchronized void onForkFinal(Fork fork, Response response) {
        if (held.hold(() -> onForkFinal(fork, response))) {
            return;
        }
        int status = response.getStatusCode();
        fork.status = status;
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) && fork.target.trunk() != null
                && !fork.authenticated && state == CallState.RINGING && !ended && resendWithCredentials(fork, response)) {
            return;
        }
        if (status >= 300) {
            onForkFailed(fork, status, response.getReasonPhrase());
            return;
        }
        fork.leg.confirmAsUac(response);
        fork.ack = fork.leg.request(control.sip(), Request.ACK, fork.cseq, control.contact(fork.leg), null, null);
        if (b != null || ended) {
            // A second fork answered, or the caller gave up meanwhile: ACK then BYE (RFC 3261 §13.2.2.4).
            control.transport().sendAck(fork.ack, fork.leg.peer(), fork.leg.transport());
            byeQuietly(fork.leg);
            return;
        }
        b = fork.leg;
        // Findable before the callee has our ACK: it may send BYE or REFER at once, and those must
        // wait for the ng answer below (held) rather than miss the dialog (481).
        control.dialogs().register(this, b);
        control.transport().sendAck(fork.ack, fork.leg.peer(), fork.leg.transport());
        cancelOtherForks(fork);
        CallLeg answered = b;
        String answer = body(response);
        if (answer == null) {
            // A 2xx to our offer must carry the answer (RFC 3264 §4); without one there is nothing to anchor.
            LOG.warn("call {}: 2xx from {} without an SDP answer", id, b.peer());
            onAnswerAnchored(answered, null);
            return;
        }
        calleeAnswer = answer;
        calleeTimer = callerTimer == null ? null : SessionTimer.asUac(headerValue(response, "Session-Expires"), callerTimer.seconds());
        afterMedia(media.answer(a.remoteTag(), b.remoteTag(), answer), forA -> onAnswerAnchored(answered, forA));
    }

    /** The callee's answer went through the relay: the caller gets its 200, or a 500 if the node refused. */
    private void onAnswerAnchored(CallLeg answered, String forA) {
        if (ended || b != answered) {
            // Cancelled or hung up meanwhile: whoever ended the call has sent leg B its BYE.
            return;
        }
        if (forA == null) {
            control.dialogs().unregister(b);
            byeQuietly(b);
            b = null;
            fail(Response.SERVER_INTERNAL_ERROR, "Server Internal Error", "system");
            return;
        }
        cancelNoAnswer();
        sdpToA = forA;
        state = CallState.ANSWERED;
        answeredAt = System.currentTimeMillis();
        Request inviteA = invite.request();
        if (inviteA != null) {
            // Null: the caller's INVITE got its final (a CANCEL's 487) and its ACK already; the cancel
            // callback queued behind this ends the call, as a discarded 200 would have.
            Response ok = control.sip().response(inviteA, Response.OK);
            control.withContact(ok, a);
            control.withBody(ok, forA);
            stampSessionTimer(ok, a);
            invite.respond(ok);
            answerDueInAck = lateOffer;
        }
        sessions.arm(callerTimer, calleeTimer);
        // The forks are done: the winner's transaction resends our ACK on its own until it ends, and a
        // held call should not keep four requests alive (docs/ARCHITECTURE.md "Calls in the cluster").
        forks.clear();
        control.store().put(record());
        control.answered(this);
        LOG.info("call {} answered: {} -> {} on media node {}", id, caller, callee, media.lease().node());
    }

    private synchronized void onFork2xxAgain(Fork fork, Response response) {
        if (fork.ack != null) {
            control.transport().sendAck(fork.ack, fork.leg.peer(), fork.leg.transport());
        }
    }

    /**
     * The provider challenged our INVITE over a trunk (RFC 3261 §22.2): the same INVITE, next CSeq, with
     * our answer to the first challenge we can answer; the transaction ACKed the 401/407 itself.
     */
    private boolean resendWithCredentials(Fork fork, Response response) {
        io.switchboard.signaling.trunk.Trunk trunk = fork.target.trunk().trunk();
        String name = response.getStatusCode() == Response.UNAUTHORIZED ? "WWW-Authenticate" : "Proxy-Authenticate";
        java.util.ListIterator<?> challenges = response.getHeaders(name);
        while (challenges != null && challenges.hasNext()) {
            String value = valueOf((javax.sip.header.Header) challenges.next());
            java.util.Optional<String> answer = io.switchboard.signaling.trunk.DigestAnswer.challenge(value).flatMap(c ->
                    io.switchboard.signaling.trunk.DigestAnswer.answer(c, Request.INVITE, fork.target.contact(), trunk.username(),
                            trunk.password(), 1, new java.security.SecureRandom()));
            if (answer.isPresent()) {
                fork.authenticated = true;
                fork.status = 0;
                String header = (response.getStatusCode() == Response.UNAUTHORIZED ? "Authorization: " : "Proxy-Authorization: ")
                        + answer.get() + "\r\n";
                fork.invite = fork.leg.nextRequest(control.sip(), Request.INVITE, control.contact(fork.leg), "application/sdp",
                        fork.offer.getBytes(StandardCharsets.UTF_8), header + sessionTimerHeaders());
                fork.cseq = fork.leg.localCseq();
                send(fork);
                return true;
            }
        }
        return false;
    }

    /** Over a trunk, a 408, a 5xx or no answer moves on to the next trunk of the route; a 4xx/6xx is the callee's answer. */
    private static boolean failsOver(Fork fork, int status) {
        if (fork.target.trunk() == null) {
            return status == Response.SERVICE_UNAVAILABLE;
        }
        return status == Response.REQUEST_TIMEOUT || (status >= 500 && status < 600) || fork.unreachable;
    }

    private synchronized void onForkFailed(Fork fork, int status, String reason) {
        if (held.hold(() -> onForkFailed(fork, status, reason))) {
            return;
        }
        fork.status = status;
        if (state != CallState.RINGING || ended) {
            return;
        }
        if (failsOver(fork, status) && !spares.isEmpty()) {
            // A worker at its session cap, or a trunk that failed: the next one is tried (docs/ARCHITECTURE.md "Call path").
            if (fork.target.trunk() != null) {
                LOG.info("call {}: trunk {} answered {} {}: trying trunk {}", id, fork.target.trunk().trunk().name(), status, reason,
                        spares.get(0).trunk() == null ? "?" : spares.get(0).trunk().trunk().name());
            }
            send(fork(spares.remove(0)));
            return;
        }
        if (best.offer(status, reason) >= 600) {
            cancelOtherForks(fork);
        }
        if (forks.stream().noneMatch(Fork::pending)) {
            if (status != Response.REQUEST_TERMINATED && nextHuntStep("refused " + status)) {
                return;
            }
            boolean busy = best.status() == Response.BUSY_HERE || best.status() == Response.BUSY_EVERYWHERE;
            if (busy && !forwarded && !forwardBusy.isEmpty() && forwardTo(forwardBusy, "busy")) {
                return;
            }
            fail(best.status(), best.reason(), "callee");
        }
    }

    private synchronized void onNoAnswer() {
        if (held.hold(this::onNoAnswer) || state != CallState.RINGING || ended) {
            return;
        }
        if (nextHuntStep("no answer")) {
            return;
        }
        if (!forwarded && !forwardNoAnswer.isEmpty()) {
            cancelOtherForks(null);
            if (forwardTo(forwardNoAnswer, "no answer")) {
                noAnswer = schedule(this::onNoAnswer, control.settings().noAnswerTimeout());
                return;
            }
        }
        LOG.info("call {} not answered within {}", id, control.settings().noAnswerTimeout());
        cancelOtherForks(null);
        fail(Response.TEMPORARILY_UNAVAILABLE, "No Answer", "system");
    }

    /**
     * The caller's CANCEL (RFC 3261 §9.2): the transport already sent 200 and 487, so it is not held
     * behind an answer in flight; a callee that answered meanwhile has our ACK and gets a BYE.
     */
    private synchronized void onCallerCancel() {
        if (state != CallState.RINGING || ended) {
            return;
        }
        cancelOtherForks(null);
        byeQuietly(b);
        finish(Response.REQUEST_TERMINATED, "caller");
    }

    private void cancelOtherForks(Fork winner) {
        for (Fork f : forks) {
            if (f != winner && f.pending() && f.tx != null) {
                f.tx.cancel();
            }
        }
    }

    /**
     * A final response to the caller's INVITE unless one went out already: the transaction lets its
     * request go once answered and ACKed (a CANCEL's 487 is sent on the loop that read the CANCEL).
     */
    private void respondToCaller(int status, String reason) {
        Request request = invite.request();
        if (request != null) {
            invite.respond(reason == null ? control.sip().response(request, status) : control.sip().response(request, status, reason));
        }
    }

    /** Ends an unanswered call with a final response to the caller. */
    private void fail(int status, String reason, String endedBy) {
        cancelNoAnswer();
        respondToCaller(status, reason == null ? "Failed" : reason);
        finish(status, endedBy);
    }

    /** A BYE or another in-dialog request from one leg (RFC 3261 §12.2.2, §15). */
    synchronized void onInDialog(ServerTransaction tx, CallLeg from) {
        if (held.hold(() -> onInDialog(tx, from))) {
            return;
        }
        Request request = tx.request();
        // §12.2.2: an out-of-order CSeq gets 500; a re-INVITE's Contact moves the leg's target. The ACK
        // of a 2xx repeats its INVITE's CSeq and gets no response anyway.
        if (!Request.ACK.equals(request.getMethod()) && !from.acceptRemote(request)) {
            tx.respond(control.sip().response(request, Response.SERVER_INTERNAL_ERROR, "Server Internal Error - CSeq out of order"));
            return;
        }
        if (from != a && from != b || from == park.parker()) {
            onDetachedLeg(tx, from);
            return;
        }
        CallLeg other = from == a ? b : a;
        if (park.parker() != null && other == park.parker()) {
            park.onRequest(tx, from);
            return;
        }
        if (other == movedAway && !Request.BYE.equals(request.getMethod()) && !Request.ACK.equals(request.getMethod())) {
            // The far end now talks to someone else through another call (attended transfer).
            tx.respond(control.sip().response(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return;
        }
        switch (request.getMethod()) {
            case Request.BYE -> {
                tx.respond(control.sip().response(request, Response.OK));
                byeQuietly(other);
                finish(Response.OK, from == a ? "caller" : "callee");
            }
            case Request.INVITE -> {
                sessions.refreshed(from);
                reInvites.relay(tx, from, other);
            }
            case Request.UPDATE -> {
                sessions.refreshed(from);
                onUpdate(tx, from, other);
            }
            case Request.ACK -> {
                // Nothing to relay (we ACKed the other leg ourselves). The first ACK from the caller ends
                // its INVITE transaction's use to us: only a ringing call answers through it.
                if (from == a && state == CallState.ANSWERED) {
                    invite = null;
                    if (answerDueInAck) {
                        onLateAnswer(body(request));
                    }
                }
            }
            case Request.INFO, Request.MESSAGE, Request.NOTIFY, Request.OPTIONS -> RequestRelay.passOn(control, tx, other);
            case Request.REFER -> onRefer(tx, from, other);
            default -> tx.respond(control.withAllow(control.sip().response(request, Response.METHOD_NOT_ALLOWED)));
        }
    }

    /**
     * UPDATE (RFC 3311): without a body it is a session refresh (RFC 4028 §10), answered here; with an offer
     * in an answered call it goes through the relay to the other leg as a re-INVITE would, and the answer
     * comes back in our 200. An offer in an early dialog is not taken (we make no early offers to answer).
     */
    private void onUpdate(ServerTransaction tx, CallLeg from, CallLeg other) {
        Request request = tx.request();
        if (body(request) == null) {
            Response ok = control.sip().response(request, Response.OK);
            control.withContact(ok, from);
            stampSessionTimer(ok, from);
            tx.respond(ok);
            return;
        }
        if (state != CallState.ANSWERED || other == null) {
            tx.respond(control.sip().response(request, Response.NOT_ACCEPTABLE_HERE,
                    "Not Acceptable Here - no offer in UPDATE before the call is answered"));
            return;
        }
        reInvites.relay(tx, from, other);
    }

    /**
     * RFC 3262 §4: a provisional response with {@code Require: 100rel} and an RSeq is acknowledged by PRACK
     * in the early dialog it opens (RAck: its RSeq, the INVITE's CSeq); one whose RSeq is not above the last
     * acknowledged is a retransmission, dropped (false). The caller hears it as an ordinary provisional
     * response: we offered A nothing reliable.
     */
    private boolean acknowledgeReliable(Fork fork, Response response) {
        if (response.getHeader("RSeq") == null) {
            return true; // the usual, unreliable 18x: nothing written out
        }
        String rseq = headerValue(response, "RSeq");
        String require = headerValue(response, "Require");
        if (rseq == null || require == null || !require.toLowerCase(java.util.Locale.ROOT).contains("100rel")
                || response.getStatusCode() == 100) {
            return true;
        }
        long n;
        try {
            n = Long.parseLong(rseq.trim());
        } catch (NumberFormatException e) {
            return true;
        }
        if (n <= fork.lastRSeq) {
            return false;
        }
        fork.lastRSeq = n;
        fork.leg.confirmAsUac(response); // the early dialog (RFC 3262 §4 sends PRACK in it)
        Request prack = fork.leg.nextRequest(control.sip(), "PRACK", control.contact(fork.leg), null, null,
                "RAck: " + n + " " + fork.cseq + " INVITE\r\n");
        control.transport().send(prack, fork.leg.peer(), fork.leg.transport(), ClientTransactionUser.IGNORE);
        return true;
    }

    /** A header's value without its name, or null when the message has none. */
    static String headerValue(javax.sip.message.Message m, String name) {
        javax.sip.header.Header h = m.getHeader(name);
        return h == null ? null : valueOf(h);
    }

    /** What follows {@code Name:} in a header as the stack writes it. */
    static String valueOf(javax.sip.header.Header h) {
        String raw = h.toString().trim();
        return raw.substring(raw.indexOf(':') + 1).trim();
    }

    /**
     * A late-offer caller's answer, in the ACK of our 2xx: the relay learns where the caller is and what it
     * took, as a re-offer from the caller closed by the callee's answer (the callee's side does not change,
     * so it is not re-INVITEd). An ACK without the answer leaves no media to anchor: the call ends.
     */
    private void onLateAnswer(String answer) {
        answerDueInAck = false;
        if (answer == null) {
            hangUp("caller", "the ACK of our offer carried no answer (RFC 3264 §4)");
            return;
        }
        CallLeg callee = b;
        afterMedia(media.offer(a.remoteTag(), callee.remoteTag(), answer), forB -> {
            if (ended || forB == null || b != callee) {
                return;
            }
            afterMedia(media.answer(a.remoteTag(), callee.remoteTag(), calleeAnswer), forA -> {
                if (forA != null) {
                    sdpToA = forA;
                }
            });
        });
    }

    /**
     * Blind transfer (RFC 3515, RFC 5589 §6): 202, then NOTIFY sipfrag progress to the transferor;
     * the transferee stays where it is and the relay leg that faced the transferor is handed to the
     * target (ng answer with replace-tag), so the transferee needs no re-INVITE. If the target fails,
     * the transferor hears so in the final NOTIFY and the call goes on as before.
     */
    private void onRefer(ServerTransaction tx, CallLeg transferor, CallLeg transferee) {
        Request refer = tx.request();
        javax.sip.header.ReferToHeader referTo = (javax.sip.header.ReferToHeader) refer.getHeader(javax.sip.header.ReferToHeader.NAME);
        if (referTo == null) {
            tx.respond(control.sip().response(refer, Response.BAD_REQUEST, "Bad Request - missing Refer-To"));
            return;
        }
        if (state != CallState.ANSWERED || transfer != null || attended != null || reInvites.inProgress()) {
            tx.respond(control.sip().response(refer, Response.REQUEST_PENDING));
            return;
        }
        javax.sip.address.URI uri = referTo.getAddress().getURI();
        if (!(uri instanceof javax.sip.address.SipURI sipUri) || sipUri.getUser() == null || sipUri.getUser().isEmpty()) {
            tx.respond(control.sip().response(refer, Response.BAD_REQUEST, "Bad Request - Refer-To must be a sip: URI with a user"));
            return;
        }
        String replaces = uriHeader(sipUri, "Replaces");
        if (replaces != null) {
            onAttendedRefer(tx, transferor, transferee, replaces);
            return;
        }
        String target = sipUri.getUser();
        String slot = io.switchboard.signaling.feature.FeatureCodes.parkSlot(target);
        if (slot != null) {
            park.park(tx, transferor, slot);
            return;
        }
        Response accepted = control.sip().response(refer, Response.ACCEPTED);
        control.withContact(accepted, transferor);
        tx.respond(accepted);
        notifier.send(transferor, "SIP/2.0 100 Trying", false);
        BlindTransfer blind = new BlindTransfer(this, transferor, transferee, target);
        transfer = blind;
        CompletableFuture<java.util.Optional<CallTarget>> where = control.transferTarget(target);
        if (where.isDone() && !where.isCompletedExceptionally()) {
            blind.toTarget(where.join());
            return;
        }
        where.whenCompleteAsync((found, failure) -> event(() -> {
            if (failure != null) {
                LOG.warn("call {}: transfer target {} could not be read: {}", id, target, failure.toString());
            }
            blind.toTarget(failure == null ? found : java.util.Optional.empty());
        }), shard);
    }

    /** The value of a header of a URI ({@code ?Replaces=...}), its name matched without case; null if absent. */
    private static String uriHeader(javax.sip.address.SipURI uri, String name) {
        for (java.util.Iterator<?> it = uri.getHeaderNames(); it != null && it.hasNext(); ) {
            String n = String.valueOf(it.next());
            if (n.equalsIgnoreCase(name)) {
                return uri.getHeader(n);
            }
        }
        return null;
    }

    /**
     * Attended transfer (RFC 5589 §7, Replaces of RFC 3891 in the Refer-To): the transferor talks to the
     * transferee in this call and to the target in another call of ours, whose dialog the Replaces names.
     * The B2BUA joins the two far ends itself: the other call gives up its target leg, the target is
     * re-INVITEd to the relay port that faced the transferor here, the relay hands that port to it
     * (ng replace-tag, as for a blind transfer), a held transferee is resumed, and the transferor hears
     * the outcome in NOTIFY sipfrag. Both of its dialogs are then released.
     */
    private void onAttendedRefer(ServerTransaction tx, CallLeg transferor, CallLeg transferee, String escapedReplaces) {
        Request refer = tx.request();
        java.util.Optional<io.switchboard.common.sip.dialog.Replaces> replaces =
                io.switchboard.common.sip.dialog.Replaces.parseEscaped(escapedReplaces);
        if (replaces.isEmpty()) {
            tx.respond(control.sip().response(refer, Response.BAD_REQUEST,
                    "Bad Request - Replaces needs a Call-ID, to-tag and from-tag"));
            return;
        }
        Response accepted = control.sip().response(refer, Response.ACCEPTED);
        control.withContact(accepted, transferor);
        tx.respond(accepted);
        notifier.send(transferor, "SIP/2.0 100 Trying", false);
        io.switchboard.common.sip.dialog.Replaces r = replaces.get();
        // Our tag is the to-tag when the transferor called us, the from-tag when we called it.
        Dialogs.Entry found = control.dialogs().find(r.callId(), r.toTag());
        if (found == null) {
            found = control.dialogs().find(r.callId(), r.fromTag());
        }
        if (found == null || found.call() == this) {
            notifier.send(transferor, "SIP/2.0 481 Call/Transaction Does Not Exist", true);
            return;
        }
        attended = new AttendedTransfer(this, transferor, transferee, found.call());
        // Off this call's monitor: the other call takes its own and answers through a continuation.
        attended.start(found.leg());
    }

    /**
     * INVITE with Replaces (RFC 3891 §3) naming our dialog {@code replaced}: {@code newcomer} takes its
     * place. The relay port that faced the replaced party is handed to the newcomer (ng replace-tag)
     * and offered back to it in our 200; the replaced party gets a BYE; the other party is not disturbed.
     */
    synchronized void replaceLeg(CallLeg replaced, CallLeg newcomer, ServerTransaction tx, String party, String offer,
                                 boolean earlyOnly) {
        if (held.hold(() -> replaceLeg(replaced, newcomer, tx, party, offer, earlyOnly))) {
            return;
        }
        Request request = tx.request();
        if (earlyOnly && state == CallState.ANSWERED) {
            tx.respond(control.sip().response(request, Response.BUSY_HERE)); // §3: only an early dialog may be replaced
            return;
        }
        if (ended || state != CallState.ANSWERED || (replaced != a && replaced != b) || replaced == movedAway) {
            tx.respond(control.sip().response(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return;
        }
        if (transfer != null || attended != null || reInvites.inProgress()) {
            tx.respond(control.sip().response(request, Response.REQUEST_PENDING));
            return;
        }
        CallLeg stays = replaced == a ? b : a;
        String facing = replaced == a ? sdpToA : sdpToB;
        afterMedia(media.handOver(stays.remoteTag(), newcomer.remoteTag(), replaced.remoteTag(), offer),
                forStays -> onReplaced(tx, replaced, newcomer, party, forStays == null ? null : ReOffer.of(facing, null)));
    }

    private void onReplaced(ServerTransaction tx, CallLeg replaced, CallLeg newcomer, String party, String answer) {
        Request request = tx.request();
        if (ended) {
            tx.respond(control.sip().response(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return;
        }
        if (answer == null) {
            tx.respond(control.sip().response(request, Response.SERVER_INTERNAL_ERROR, "Server Internal Error - media node unavailable"));
            return;
        }
        Response ok = control.sip().response(request, Response.OK);
        control.withContact(ok, newcomer);
        control.withBody(ok, answer);
        if (replaced == a) {
            a = newcomer;
            caller = party;
            sdpToA = answer;
        } else {
            b = newcomer;
            callee = party;
            sdpToB = answer;
        }
        control.dialogs().register(this, newcomer);
        tx.respond(ok);
        control.dialogs().unregister(replaced);
        byeQuietly(replaced);
        control.store().put(record());
        control.answered(this);
        LOG.info("call {}: {} replaced {} (INVITE with Replaces)", id, party, replaced.remoteUri());
        resumeIfHeld(replaced == a ? b : a);
    }

    /**
     * This call's dialog {@code replaced} is being replaced by attended transfer: the leg at its other
     * end moves to call {@code into}. It is no longer ours to BYE; if the move fails it comes back.
     */
    synchronized void surrenderFarLeg(CallLeg replaced, B2buaCall into, CallLeg intoTransferor) {
        if (held.hold(() -> surrenderFarLeg(replaced, into, intoTransferor))) {
            return;
        }
        CallLeg far = replaced == a ? b : replaced == b ? a : null;
        if (ended || state != CallState.ANSWERED || far == null || movedAway != null || transfer != null
                || attended != null) {
            into.shard.execute(() -> into.event(() -> into.onTargetRefused(intoTransferor)));
            return;
        }
        movedAway = far;
        String farExt = far == a ? caller : callee;
        String lastToFar = far == a ? sdpToA : sdpToB;
        into.shard.execute(() -> into.event(() -> into.onTargetSurrendered(intoTransferor, far, farExt, lastToFar)));
    }

    /** The leg given away could not be joined to the other call: it is ours again, as before. */
    synchronized void reclaim(CallLeg far) {
        if (movedAway == far) {
            movedAway = null;
        }
    }

    /** The leg given away now talks in another call: the transferor is released in 5 s if it has not hung up. */
    synchronized void releaseAfterTransfer() {
        // Its far party talks in the other call now: it is not busy in this one while the BYE waits.
        control.partiesLeft(this);
        schedule(() -> hangUp("transfer", "attended transfer completed"), java.time.Duration.ofSeconds(5));
    }

    /** The giver refused: the attended transfer started by {@code transferor} fails. */
    private void onTargetRefused(CallLeg transferor) {
        if (attended != null && attended.transferor == transferor) {
            attended.onRefused();
        }
    }

    /** The giver surrendered {@code target}: the attended transfer started by {@code transferor} goes on. */
    private void onTargetSurrendered(CallLeg transferor, CallLeg target, String targetExt, String lastToTarget) {
        if (attended == null || attended.transferor != transferor) {
            // Nothing waits for it any more: the giver gets its leg back.
            B2buaCall giver = attended == null ? null : attended.giver;
            if (giver != null) {
                giver.shard.execute(() -> giver.reclaim(target));
            }
            return;
        }
        attended.onSurrendered(target, targetExt, lastToTarget);
    }

    /** A leg that left by transfer: its BYE is answered, anything else no longer has a dialog. */
    private void onDetachedLeg(ServerTransaction tx, CallLeg leg) {
        Request request = tx.request();
        if (Request.BYE.equals(request.getMethod())) {
            tx.respond(control.sip().response(request, Response.OK));
            control.dialogs().unregister(leg);
            leg.hangUpSeen(); // the call that took the leg (attended transfer) learns it when its join completes
        } else if (!Request.ACK.equals(request.getMethod())) {
            tx.respond(control.sip().response(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
        }
    }

    synchronized void releaseDetached(CallLeg leg) {
        if (held.hold(() -> releaseDetached(leg))) {
            return;
        }
        if (leg != a && leg != b && control.dialogs().find(leg.callId(), leg.localTag()) != null) {
            control.dialogs().unregister(leg);
            byeQuietly(leg);
        }
    }

    /** Ends an established call from our side (ACK never came, media node lost, shutdown). */
    synchronized void hangUp(String endedBy, String why) {
        hangUp(endedBy, why, "");
    }

    /** The media node holding this call's relay, or null before one was chosen. */
    String mediaNode() {
        return media == null ? null : media.lease().node();
    }

    /**
     * The call's media node went offline: its relay ports are gone, so both phones hear nothing.
     * BYE to both legs with an RFC 3326 Reason; the CDR says {@code endedBy: media-failure}.
     */
    synchronized void hangUpForLostMedia(String node) {
        hangUp(ENDED_BY_MEDIA_FAILURE, "media node " + node + " offline",
                "Reason: SIP;cause=503;text=\"media node lost\"\r\n");
    }

    static final String ENDED_BY_MEDIA_FAILURE = "media-failure";

    private void hangUp(String endedBy, String why, String reasonHeader) {
        if (ended) {
            return;
        }
        LOG.info("call {} hung up by switchboard: {}", id, why);
        if (b != null) {
            byeQuietly(b, reasonHeader);
        }
        if (state == CallState.ANSWERED) {
            byeQuietly(a, reasonHeader);
        } else if (state == CallState.RINGING) {
            cancelOtherForks(null);
            respondToCaller(Response.TEMPORARILY_UNAVAILABLE, null);
        }
        finish(state == CallState.ANSWERED ? Response.OK : Response.TEMPORARILY_UNAVAILABLE, endedBy);
    }

    void byeQuietly(CallLeg leg) {
        byeQuietly(leg, "");
    }

    private void byeQuietly(CallLeg leg, String extraHeaders) {
        if (leg == null || leg == movedAway || leg == park.parker() || leg.hungUp() || leg.remoteTag() == null
                || leg.remoteTag().isEmpty()) {
            return;
        }
        sendBye(leg, extraHeaders);
    }

    void sendBye(CallLeg leg, String extraHeaders) {
        Request bye = leg.nextRequest(control.sip(), Request.BYE, control.contact(leg), null, null, extraHeaders);
        control.transport().send(bye, leg.peer(), leg.transport(), ClientTransactionUser.IGNORE);
    }

    /** Releases media, the dialogs and the cluster record, and writes the CDR. Idempotent. */
    void finish(int status, String endedBy) {
        if (ended) {
            return;
        }
        ended = true;
        cancelNoAnswer();
        sessions.cancel();
        park.release();
        CallState last = state;
        state = CallState.ENDING;
        media.release();
        if (a != movedAway) {
            control.dialogs().unregister(a);
        }
        if (b != null && b != movedAway) {
            control.dialogs().unregister(b);
        }
        control.store().remove(record());
        if (channel != null) {
            control.releaseChannel(channel);
            channel = null;
        }
        long now = System.currentTimeMillis();
        Disposition disposition = last == CallState.ANSWERED ? Disposition.ANSWERED : Disposition.ofFailure(status);
        control.cdrs().write(new Cdr(UUID.randomUUID().toString(), id, caller, callee, Instant.ofEpochMilli(startedAt),
                answeredAt == 0 ? null : Instant.ofEpochMilli(answeredAt), Instant.ofEpochMilli(now),
                answeredAt == 0 ? 0 : now - answeredAt, disposition, status, endedBy, media.lease().node(), trunk, sentNumber));
        control.ended(this, disposition);
        LOG.info("call {} ended: {} -> {} {} ({}), by {}", id, caller, callee, disposition, status, endedBy);
    }

    private void cancelNoAnswer() {
        if (noAnswer != null) {
            noAnswer.cancel(false);
        }
    }

    /**
     * Goes on with {@code then} once the media node's reply (its SDP, or null) is in, under the
     * monitor on a call timer thread; until then the call's other events are held.
     */
    void afterMedia(CompletableFuture<String> reply, Consumer<String> then) {
        held.await();
        reply.thenAcceptAsync(sdp -> {
            synchronized (this) {
                held.release(() -> then.accept(sdp));
            }
        }, shard).exceptionally(e -> {
            // A continuation that throws would otherwise vanish with its future, leaving the request unanswered.
            LOG.warn("call {}: continuation after the media node's reply failed", id, e);
            return null;
        });
    }

    java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, java.time.Duration delay) {
        return shard.schedule(task, delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Leg B goes to a queue node: the caller's place in the line is its arrival, {@code at}. */
    void queueCall(long at) {
        queueJoinedAt = at;
    }

    /**
     * What a queue node is told about this caller: our id of the call (its record's link to the CDRs)
     * and, unless {@code joinedAt} is 0, when the caller first reached the queue.
     */
    void stampQueueCall(Request request, long joinedAt) {
        try {
            request.addHeader(control.sip().headers().createHeader(
                    io.switchboard.common.queue.QueueCallHeaders.CALL_ID, id));
            if (joinedAt > 0) {
                request.addHeader(control.sip().headers().createHeader(
                        io.switchboard.common.queue.QueueCallHeaders.JOINED, Long.toString(joinedAt)));
            }
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The queue node at {@code node} was lost: when this call's leg B is a caller's place on it, the
     * caller is offered again to the queue's number (a node that still runs takes the queue over),
     * as a blind transfer signaling makes itself: the relay keeps the caller's leg, so it hears a gap,
     * not a hang-up, and goes back to its place in the line by its original join time.
     */
    synchronized void reofferIfOn(InetSocketAddress node) {
        if (held.hold(() -> reofferIfOn(node))) {
            return;
        }
        if (ended || queueJoinedAt == 0 || state != CallState.ANSWERED || b == null || !node.equals(b.peer())
                || transfer != null || attended != null || reInvites.inProgress()) {
            return;
        }
        LOG.info("call {}: queue node {} lost; offering caller {} to queue {} again", id, node, caller, callee);
        BlindTransfer blind = BlindTransfer.reoffer(this, b, a, callee, queueJoinedAt);
        transfer = blind;
        CompletableFuture<java.util.Optional<CallTarget>> where = control.transferTarget(callee);
        where.whenCompleteAsync((found, failure) -> event(() ->
                blind.toTarget(failure == null ? found : java.util.Optional.empty())), shard);
    }

    /**
     * One event of this call (a response, a timer, a reply from another call): under the monitor, or
     * held while a media node's reply is awaited, so the call sees one event at a time, in order.
     */
    synchronized void event(Runnable body) {
        if (held.hold(() -> event(body))) {
            return;
        }
        body.run();
    }

    static String body(javax.sip.message.Message m) {
        byte[] raw = m.getRawContent();
        return raw == null || raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8);
    }

    static String tag(Response r) {
        return ((ToHeader) r.getHeader(ToHeader.NAME)).getTag();
    }

    synchronized CallRecord record() {
        MediaLease lease = media.lease();
        return new CallRecord(id, caller, callee, state, startedAt, answeredAt, a.record(), b == null ? null : b.record(),
                lease.node(), lease.ng().getHostString() + ":" + lease.ng().getPort(), sdpToA, sdpToB, trunk, sentNumber, channel == null ? "" : channel,
                callerTimer, calleeTimer);
    }

    /**
     * An answered call rebuilt from its cluster record by a signaling member that did not place it
     * (the member that did is gone): both legs' dialogs, the media session, the SDPs each leg last got.
     * Our CSeqs go {@value #TAKEOVER_CSEQ_STEP} past the stored ones, which may lag requests the lost
     * member sent after its last write (RFC 3261 §12.2.2 asks only that they grow).
     */
    static B2buaCall restore(CallControl control, CallRecord r, CallMedia media) {
        CallLeg a = CallLeg.restore(r.legA(), TAKEOVER_CSEQ_STEP);
        B2buaCall call = new B2buaCall(control, r.caller(), r.callee(), a, null, media, r.startedAt());
        call.b = CallLeg.restore(r.legB(), TAKEOVER_CSEQ_STEP);
        call.state = CallState.ANSWERED;
        call.answeredAt = r.answeredAt();
        call.sdpToA = r.sdpToA();
        call.sdpToB = r.sdpToB() != null ? r.sdpToB() : call.sdpToB;
        call.trunk = r.trunk();
        call.sentNumber = r.sentNumber();
        // The lost member's count of this trunk's channels went with it: this member counts the call now.
        if (!r.channel().isEmpty() && control.takeChannel(r.channel())) {
            call.channel = r.channel();
        }
        // Its session timers start afresh here: a phone gone meanwhile is found by the next refresh or expiry.
        call.callerTimer = r.timerA();
        call.calleeTimer = r.timerB();
        call.sessions.arm(r.timerA(), r.timerB());
        return call;
    }

    static final int TAKEOVER_CSEQ_STEP = 1000;

    /** Whether both parties are talking (an answered call another member can take over). */
    synchronized boolean answered() {
        return state == CallState.ANSWERED && !ended;
    }

    /** The two legs, for registering a restored call's dialogs. */
    synchronized List<CallLeg> legs() {
        return b == null ? List.of(a) : List.of(a, b);
    }

    synchronized CallLeg legB() {
        return b;
    }
}
