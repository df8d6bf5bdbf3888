package io.switchboard.meeting.room;

import io.switchboard.common.meeting.RoomBoard;
import io.switchboard.common.meeting.RoomCommand;
import io.switchboard.common.meeting.RoomCommands;
import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.common.meeting.RoomDefinitions;
import io.switchboard.common.meeting.RoomOwners;
import io.switchboard.common.worker.WorkerApplication;
import io.switchboard.common.worker.WorkerApplications;
import io.switchboard.common.worker.WorkerCall;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms open on this node. The first participant of a room that nobody hosts makes this node its
 * host ({@code room-owners}, compare-and-set); a participant who reaches this node for a room another
 * online node hosts is sent there (REFER to the room's number, which signaling routes to the host).
 * The room is given up when its last participant leaves. Once a second, each open room's state goes
 * to {@code room-live} for the admin API; {@code room-commands} from the API are acted on here for
 * the rooms this node hosts.
 */
public final class RoomHost implements WorkerApplications, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoomHost.class);

    private final String node;
    private final RoomDefinitions definitions;
    private final RoomOwners owners;
    private final Predicate<String> online;
    private final RoomBoard board;
    private final RoomCommands commands;
    private final ScheduledExecutorService timers;
    private final RoomMeters meters;
    private final java.nio.file.Path recordings;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private ScheduledFuture<?> publisher;
    private ScheduledFuture<?> recorder;
    private UUID listener;

    public RoomHost(String node, RoomDefinitions definitions, RoomOwners owners, Predicate<String> online, RoomBoard board,
                    RoomCommands commands, ScheduledExecutorService timers, RoomMeters meters, java.nio.file.Path recordings) {
        this.recordings = recordings;
        this.node = node;
        this.definitions = definitions;
        this.owners = owners;
        this.online = online;
        this.board = board;
        this.commands = commands;
        this.timers = timers;
        this.meters = meters;
    }

    public void start() {
        publisher = timers.scheduleWithFixedDelay(this::publish, 1, 1, TimeUnit.SECONDS);
        recorder = timers.scheduleWithFixedDelay(() -> rooms.values().forEach(Room::drainRecording), 200, 200,
                TimeUnit.MILLISECONDS);
        listener = commands.listen(c -> timers.execute(() -> act(c)));
    }

    RoomMeters meters() {
        return meters;
    }

    @Override
    public Optional<WorkerApplication> byNumber(String number) {
        return definitions.byNumber(number).map(d -> new WorkerApplication() {
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

    /** The room {@code call} joins here, or null when another node hosts it (the call was sent there). */
    synchronized Room join(RoomDefinition definition, WorkerCall call) {
        Room room = rooms.get(definition.number());
        if (room != null) {
            room.redefined(definitions.byNumber(definition.number()).orElse(definition));
            return room;
        }
        String host = owners.claim(definition.number(), node, online);
        if (!host.equals(node)) {
            LOG.info("room {} is hosted by {}: caller {} sent there", definition.number(), host, call.callerNumber());
            call.transfer(definition.number());
            return null;
        }
        room = new Room(definition, call.media().loop(), timers);
        rooms.put(definition.number(), room);
        LOG.info("room {} opened on this node", definition.number());
        if (definition.record()) {
            startRecording(room);
        }
        return room;
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

    /** Closes the room when its last participant left: another node may host it next time. */
    synchronized void leftEmpty(Room room, boolean empty) {
        if (empty && room.size() == 0 && rooms.remove(room.number, room)) {
            stopRecording(room);
            owners.release(room.number, node);
            board.closed(room.number);
            LOG.info("room {} closed: its last participant left", room.number);
        }
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
        timers.execute(() -> {
            synchronized (p.call) {
                action.run();
            }
        });
    }

    private void act(RoomCommand c) {
        Room room = rooms.get(c.room());
        if (room == null) {
            return; // another node hosts it, or nobody: not ours
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
            case RECORD_START -> startRecording(room);
            case RECORD_STOP -> stopRecording(room);
        }
        LOG.info("room {}: {} {}", room.number, c.action(), c.participant());
    }

    /** A new WAV of the room's mix under the recordings directory; a disk error is logged and the room goes on. */
    private void startRecording(Room room) {
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        java.nio.file.Path file = recordings.resolve("room-" + room.number + "-" + stamp + ".wav");
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

    private void publish() {
        long now = System.currentTimeMillis();
        for (Room room : rooms.values()) {
            try {
                board.publish(room.snapshot(node, now));
            } catch (RuntimeException e) {
                LOG.debug("room {}: live state not published: {}", room.number, e.toString());
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

    /** The numbers of the rooms open here. */
    public List<String> open() {
        return List.copyOf(rooms.keySet());
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
            commands.stopListening(listener);
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
            owners.release(room.number, node);
            board.closed(room.number);
        }
        rooms.clear();
    }
}
