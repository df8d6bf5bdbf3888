package io.switchboard.meeting.room;

import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.meeting.RoomCommand;
import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.common.meeting.TrunkOffer;
import io.switchboard.common.worker.WorkerApplication;
import io.switchboard.common.worker.WorkerApplications;
import io.switchboard.common.worker.WorkerCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room parts open on this node. {@code room-owners} names, per open room, the node its next
 * participant goes to (signaling routes there): the node the room's first participant reached claims
 * it (compare-and-set); when its part of the room is full (its share of the room, or the node's cap)
 * it hands the entry to the least loaded other meeting node and sends the newcomer there, which opens
 * a second part of the room, cascaded with the first ({@link RoomCascade}). A participant reaching
 * a node that is neither the entry nor a part is sent to the entry by REFER to the room's number. A
 * part closes when its last participant leaves. Once a second, each part's state goes to
 * {@code room-live} (the hub's, or the only part's), dead peers are dropped, and {@code room-commands}
 * from the API are acted on here for the participants this node holds.
 */
public final class RoomHost implements WorkerApplications, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoomHost.class);

    private final MeetingContext ctx;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Map<String, RoomCascade> cascades = new ConcurrentHashMap<>();
    /** Every trunk offer seen ("room|node"), so a node that becomes a room's hub finds the parts' offers. */
    private final Map<String, TrunkOffer> offers = new ConcurrentHashMap<>();
    private ScheduledFuture<?> publisher;
    private ScheduledFuture<?> recorder;
    private UUID listener;
    private UUID trunkListener;

    public RoomHost(MeetingContext ctx) {
        this.ctx = ctx;
    }

    public void start() {
        publisher = ctx.timers().scheduleWithFixedDelay(this::everySecond, 1, 1, TimeUnit.SECONDS);
        recorder = ctx.timers().scheduleWithFixedDelay(() -> rooms.values().forEach(Room::drainRecording), 200, 200,
                TimeUnit.MILLISECONDS);
        listener = ctx.commands().listen(c -> ctx.timers().execute(() -> act(c)));
        trunkListener = ctx.trunks().follow(
                o -> ctx.timers().execute(() -> {
                    offers.put(o.room() + "|" + o.node(), o);
                    RoomCascade c = cascades.get(o.room());
                    if (c != null) {
                        c.offered(o);
                    }
                }),
                (part, a) -> ctx.timers().execute(() -> {
                    RoomCascade c = cascades.get(a.room());
                    if (c != null && part.equals(ctx.node())) {
                        c.answered(a);
                    }
                }),
                (room, part) -> ctx.timers().execute(() -> {
                    offers.remove(room + "|" + part);
                    RoomCascade c = cascades.get(room);
                    if (c != null) {
                        c.withdrawn(part);
                    }
                }));
    }

    RoomMeters meters() {
        return ctx.meters();
    }

    @Override
    public Optional<WorkerApplication> byNumber(String number) {
        return ctx.definitions().byNumber(number).map(d -> new WorkerApplication() {
            @Override
            public String name() {
                return "room " + d.number();
            }

            @Override
            public io.switchboard.common.worker.WorkerSession open(WorkerCall call) {
                return new RoomSession(RoomHost.this, call, d);
            }
        });
    }

    /** The room part {@code call} joins here, or null when it was sent to another node (REFER). */
    synchronized Room join(RoomDefinition definition, WorkerCall call) {
        String number = definition.number();
        Room room = rooms.get(number);
        if (room != null) {
            room.redefined(ctx.definitions().byNumber(number).orElse(definition));
            if (!full(room) || !overflow(number, call)) {
                return room;
            }
            return null;
        }
        String entry = ctx.owners().claim(number, ctx.node(), ctx::online);
        if (!entry.equals(ctx.node()) && !ctx.parts().of(number).contains(ctx.node())) {
            LOG.info("room {}: new participants go to {}: caller {} sent there", number, entry, call.callerNumber());
            call.transfer(number);
            return null;
        }
        room = new Room(definition, call.media().loop(), ctx.timers(), ctx.node());
        rooms.put(number, room);
        RoomCascade cascade = new RoomCascade(room, ctx, definition.talkers());
        cascades.put(number, cascade);
        List<String> parts = liveParts(number, ctx.parts().join(number, ctx.node()));
        cascade.update(parts, offers);
        LOG.info("room {} opened on this node ({})", number, parts.size() == 1 ? "the only part" : "part " + parts.size()
                + " of " + parts.size() + ", hub " + parts.get(0));
        if (definition.record() && parts.get(0).equals(ctx.node())) {
            startRecording(room);
        }
        return room;
    }

    /** This node's part of the room holds its share, or the node is full. */
    private boolean full(Room room) {
        int share = ctx.roomShare() > 0 ? ctx.roomShare() : Integer.MAX_VALUE;
        return room.size() >= share || ctx.sessions().getAsInt() > ctx.maxSessions() - 1;
    }

    /**
     * Hands the room's entry to the least loaded other meeting node with room and sends the caller
     * there; false when there is none (the caller then joins here, up to the node's cap).
     */
    private boolean overflow(String number, WorkerCall call) {
        List<NodeStatus> others = new ArrayList<>();
        for (NodeStatus n : ctx.meetingNodes().get()) {
            if (!n.name().equals(ctx.node()) && (n.capacity() <= 0 || n.activeSessions() < n.capacity())) {
                others.add(n);
            }
        }
        if (others.isEmpty()) {
            return false;
        }
        others.sort(Comparator.comparingInt(NodeStatus::activeSessions));
        String next = others.get(0).name();
        String entry = ctx.owners().ownerOf(number).orElse(ctx.node());
        if (entry.equals(ctx.node())) {
            ctx.parts().join(number, next); // so the next node takes the room's callers as a part
            ctx.owners().handOver(number, ctx.node(), next);
            LOG.info("room {}: this node's part is full; new participants go to {}", number, next);
        }
        call.transfer(number);
        return true;
    }

    void leave(Room room, Participant p) {
        boolean empty = room.leave(p);
        if (!empty && room.definition().announceJoinLeave()) {
            for (Participant other : room.all()) {
                onCall(other, () -> other.session.chime("conf-leave"));
            }
        }
        leftEmpty(room, empty);
    }

    /** Closes this node's part of the room when its last participant left. */
    synchronized void leftEmpty(Room room, boolean empty) {
        if (empty && room.size() == 0 && rooms.remove(room.number, room)) {
            stopRecording(room);
            RoomCascade c = cascades.remove(room.number);
            if (c != null) {
                c.close();
            }
            ctx.parts().leave(room.number, ctx.node());
            List<String> rest = ctx.parts().of(room.number);
            ctx.board().closed(room.number, ctx.node());
            if (rest.isEmpty()) {
                ctx.owners().release(room.number, ctx.node());
            } else {
                ctx.owners().handOver(room.number, ctx.node(), rest.get(0)); // newcomers join a part still open
            }
            LOG.info("room {}: this node's part closed: its last participant left", room.number);
        }
    }

    /** Participants in every part of the room: this part's count, plus the other parts' as {@code room-live} last has them. */
    int participantsOf(Room room) {
        int here = room.size();
        RoomCascade c = cascades.get(room.number);
        if (c == null || c.peers().isEmpty()) {
            return here;
        }
        try {
            int all = ctx.board().get(room.number).map(s -> s.participants().size()).orElse(here);
            return Math.max(all, here);
        } catch (RuntimeException e) {
            return here; // the cluster is slow: this part's count rather than none
        }
    }

    /** Participants in the room's other parts, as {@code room-live} last has them (0 for a room on this node only). */
    int participantsElsewhere(Room room) {
        return Math.max(0, participantsOf(room) - room.size());
    }

    /** A moderator is in: whoever waits for one is seated (each in its own call's turn). */
    void moderatorArrived(Room room) {
        for (Participant p : room.all()) {
            onCall(p, p.session::moderatorArrived);
        }
    }

    /** Someone joined: the others hear the join tone (when the room announces). */
    void joined(Room room, Participant newcomer) {
        if (!room.definition().announceJoinLeave()) {
            return;
        }
        for (Participant p : room.all()) {
            if (p != newcomer) {
                onCall(p, () -> p.session.chime("conf-join"));
            }
        }
    }

    /** Runs {@code action} as the participant's own session callbacks run: under its call's lock, off the caller's. */
    private void onCall(Participant p, Runnable action) {
        ctx.timers().execute(() -> {
            synchronized (p.call) {
                action.run();
            }
        });
    }

    private void act(RoomCommand c) {
        Room room = rooms.get(c.room());
        if (room == null) {
            return; // no part of it here
        }
        switch (c.action()) {
            case MUTE, UNMUTE -> {
                Participant p = room.participant(c.participant());
                if (p != null) {
                    boolean on = c.action() == RoomCommand.Action.MUTE;
                    room.mute(p, on);
                    onCall(p, () -> p.session.mutedBy(on));
                }
            }
            case KICK -> {
                Participant p = room.participant(c.participant());
                if (p != null) {
                    onCall(p, () -> p.session.end("conf-goodbye"));
                }
            }
            case LOCK -> room.lock(true);
            case UNLOCK -> room.lock(false);
            case END -> room.all().forEach(p -> onCall(p, () -> p.session.end("conf-ended")));
            case RECORD_START -> {
                if (isHub(room)) {
                    startRecording(room);
                }
            }
            case RECORD_STOP -> stopRecording(room);
        }
        LOG.info("room {}: {} {}", room.number, c.action(), c.participant());
    }

    private boolean isHub(Room room) {
        RoomCascade c = cascades.get(room.number);
        return c == null || c.isHub();
    }

    /** A new WAV of the room's mix under the recordings directory; a disk error is logged and the room goes on. */
    private void startRecording(Room room) {
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        java.nio.file.Path file = ctx.recordings().resolve("room-" + room.number + "-" + stamp + ".wav");
        try {
            if (room.startRecording(file)) {
                LOG.info("room {}: recording to {}", room.number, file);
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("room {}: cannot record to {}: {} (the room goes on)", room.number, file, e.toString());
        }
    }

    private void stopRecording(Room room) {
        MixRecorder r = room.stopRecording();
        if (r != null) {
            LOG.info("room {}: recording {} stopped", room.number, r.path());
        }
    }

    /** The parts still online, in their order; dead ones are taken out of {@code room-parts} on the way. */
    private List<String> liveParts(String number, List<String> parts) {
        List<String> live = new ArrayList<>(parts.size());
        for (String p : parts) {
            if (p.equals(ctx.node()) || ctx.alive().test(p)) {
                live.add(p);
            } else {
                ctx.parts().leave(number, p);
                ctx.trunks().withdraw(number, p);
                LOG.info("room {}: part {} is offline; left out", number, p);
            }
        }
        return live;
    }

    private void everySecond() {
        long now = System.currentTimeMillis();
        for (Room room : rooms.values()) {
            try {
                RoomCascade c = cascades.get(room.number);
                if (c != null) {
                    c.update(liveParts(room.number, ctx.parts().of(room.number)), offers);
                }
                ctx.board().publish(room.snapshot(ctx.node(), now));
            } catch (RuntimeException e) {
                LOG.debug("room {}: state not refreshed: {}", room.number, e.toString());
            }
        }
    }

    public int openRooms() {
        return rooms.size();
    }

    public int participants() {
        return rooms.values().stream().mapToInt(Room::size).sum();
    }

    public long mixes() {
        return rooms.values().stream().mapToLong(Room::mixes).sum();
    }

    /** Trunk links from this node's room parts to other nodes, summed over rooms (a gauge). */
    public int trunkPeers() {
        return cascades.values().stream().mapToInt(c -> c.peers().size()).sum();
    }

    /** The numbers of the rooms with a part here. */
    public List<String> open() {
        return List.copyOf(rooms.keySet());
    }

    /** The peer nodes this node's part of {@code room} is linked to by trunks. */
    public List<String> peersOf(String room) {
        RoomCascade c = cascades.get(room);
        return c == null ? List.of() : c.peers();
    }

    /** Stops as kill -9 would (failure tests): nothing is released, the cluster finds the node gone. */
    public void halt() {
        if (publisher != null) {
            publisher.cancel(false);
        }
        if (recorder != null) {
            recorder.cancel(false);
        }
        if (listener != null) {
            ctx.commands().stopListening(listener);
        }
        if (trunkListener != null) {
            ctx.trunks().stopFollowing(trunkListener);
        }
    }

    @Override
    public void close() {
        halt();
        for (Room room : List.copyOf(rooms.values())) {
            MixRecorder r = room.stopRecording();
            if (r != null) {
                r.stop(); // the loops may be gone at shutdown: the file is closed here too (stop is idempotent)
            }
            RoomCascade c = cascades.remove(room.number);
            if (c != null) {
                c.close();
            }
            ctx.parts().leave(room.number, ctx.node());
            ctx.owners().release(room.number, ctx.node());
            ctx.board().closed(room.number, ctx.node());
        }
        rooms.clear();
    }
}
