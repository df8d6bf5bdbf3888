package io.switchboard.meeting.room;

import io.switchboard.common.codec.Pcmu;
import io.switchboard.common.meeting.TrunkOffer;
import io.switchboard.common.rtp.NegotiatedMedia;
import io.switchboard.common.worker.CallMedia;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's links to the other parts of its room, when the room spans meeting nodes: a star around
 * the hub (the first part in {@code room-parts}). A part that is not the hub opens one RTP port per
 * talker slot, offers them ({@code room-trunks}) and, once the hub answered with its ports, sends its
 * loudest voices there and takes the hub's as remote seats; the hub does the same towards each part.
 * Whatever happens to a link, the local mix goes on: a dead peer only stops being heard.
 */
final class RoomCascade {
    private static final Logger LOG = LoggerFactory.getLogger(RoomCascade.class);

    private final Room room;
    private final MeetingContext ctx;
    private final int slots;
    /** Trunks by peer node: at the hub one per part, at a part at most one (to the hub). */
    private final Map<String, Trunk> links = new HashMap<>();
    private String hub;

    RoomCascade(Room room, MeetingContext ctx, int slots) {
        this.room = room;
        this.ctx = ctx;
        this.slots = slots;
    }

    synchronized boolean isHub() {
        return ctx.node().equals(hub);
    }

    synchronized List<String> peers() {
        return List.copyOf(links.keySet());
    }

    /**
     * The parts as the cluster lists them (this node among them), dead ones already left out: takes
     * the hub role or offers trunks to the hub, and drops links to nodes no longer parts.
     */
    synchronized void update(List<String> parts, Map<String, TrunkOffer> offers) {
        if (parts.isEmpty()) {
            return;
        }
        String newHub = parts.get(0);
        for (String peer : List.copyOf(links.keySet())) {
            if (!parts.contains(peer) || (!ctx.node().equals(newHub) && !peer.equals(newHub))) {
                drop(peer);
            }
        }
        boolean changed = !newHub.equals(hub);
        hub = newHub;
        if (ctx.node().equals(hub)) {
            if (changed) {
                ctx.trunks().withdraw(room.number, ctx.node()); // no longer a part offering to a hub
            }
            for (TrunkOffer o : offers.values()) {
                if (o.room().equals(room.number) && !o.node().equals(ctx.node()) && parts.contains(o.node())) {
                    offered(o);
                }
            }
        } else if (!links.containsKey(hub)) {
            Trunk t = open(hub);
            if (t != null) {
                ctx.trunks().offer(new TrunkOffer(room.number, ctx.node(), ctx.address(), t.ports()));
                LOG.info("room {}: part on {} offered {} trunks to hub {}", room.number, ctx.node(), slots, hub);
            }
        }
    }

    /** At the hub: a part's offer; its trunks are opened, started and answered once. */
    synchronized void offered(TrunkOffer o) {
        if (!isHub()) {
            return;
        }
        Trunk known = links.get(o.node());
        if (known != null) {
            if (o.equals(known.far)) {
                return;
            }
            drop(o.node()); // the part offered again (it re-linked, e.g. to us as the new hub): its old ports are gone
        }
        Trunk t = open(o.node());
        if (t == null) {
            return;
        }
        t.start(o);
        ctx.trunks().answer(o.node(), new TrunkOffer(room.number, ctx.node(), ctx.address(), t.ports()));
        LOG.info("room {}: hub {} linked to part {} ({} trunks)", room.number, ctx.node(), o.node(), slots);
    }

    /** At a part: the hub's answer to our offer; our trunks start towards its ports. */
    synchronized void answered(TrunkOffer a) {
        Trunk t = links.get(a.node());
        if (t != null && a.node().equals(hub) && !t.started) {
            t.start(a);
            LOG.info("room {}: part {} linked to hub {}", room.number, ctx.node(), hub);
        }
    }

    /** A part's offer was withdrawn (its part closed): at the hub, its trunks go. */
    synchronized void withdrawn(String part) {
        if (isHub()) {
            drop(part);
        }
    }

    synchronized void close() {
        for (String peer : List.copyOf(links.keySet())) {
            drop(peer);
        }
        if (hub != null && !isHub()) {
            ctx.trunks().withdraw(room.number, ctx.node());
        }
    }

    private Trunk open(String peer) {
        List<CallMedia> ends = new ArrayList<>(slots);
        for (int k = 0; k < slots; k++) {
            // Our own port per slot: the peer tells our slots apart by their source, which one shared port could not give.
            CallMedia m = ctx.ports().openDedicated(room.number);
            if (m == null) {
                ends.forEach(CallMedia::close);
                LOG.warn("room {}: no RTP port for a trunk to {}; that node's talkers are not heard here", room.number, peer);
                return null;
            }
            ends.add(m);
        }
        Trunk t = new Trunk(peer, ends);
        links.put(peer, t);
        return t;
    }

    private void drop(String peer) {
        Trunk t = links.remove(peer);
        if (t != null) {
            room.dropPeer(peer);
            t.ends.forEach(CallMedia::close);
            LOG.info("room {}: link from {} to {} closed", room.number, ctx.node(), peer);
        }
    }

    /** The RTP streams to one peer: slot k sends our k-th loudest voice and receives the peer's. */
    private final class Trunk {
        final String peer;
        final List<CallMedia> ends;
        boolean started;
        TrunkOffer far;

        Trunk(String peer, List<CallMedia> ends) {
            this.peer = peer;
            this.ends = ends;
        }

        List<Integer> ports() {
            return ends.stream().map(CallMedia::localPort).toList();
        }

        void start(TrunkOffer far) {
            started = true;
            this.far = far;
            for (int k = 0; k < ends.size() && k < far.ports().size(); k++) {
                InetSocketAddress to = new InetSocketAddress(far.address(), far.ports().get(k));
                // telephone-event "negotiated" so no in-band DTMF detector listens to voices between nodes.
                NegotiatedMedia m = new NegotiatedMedia(Pcmu.INSTANCE, 0, 101, to, to, true, 20, "sendrecv");
                CallMedia end = ends.get(k);
                end.start(m, (digit, source) -> { });
                room.addTrunk(peer, k, end);
            }
        }
    }
}
