package io.switchboard.meeting.room;

import io.switchboard.common.conference.Conference;
import io.switchboard.common.conference.Seat;
import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.common.meeting.RoomParticipant;
import io.switchboard.common.meeting.RoomState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One open room on this node: its participants (control side, under this object's lock) and its
 * {@link Conference} (media side, only on the loop all its participants' endpoints share, reached
 * by {@code execute}). A participant is seated in the mix once admitted; while the room waits for
 * its moderator the others hear music and are not mixed.
 */
final class Room {
    final String number;
    private volatile RoomDefinition definition;
    private final Conference conference;
    private final Executor loop;
    private final Executor io;
    /** Prefixes participant ids, unique over the room's parts on several nodes. */
    private final String node;
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private boolean locked;
    private MixRecorder recorder;
    private boolean changed = true;
    private int nextId;

    Room(RoomDefinition definition, Executor loop, Executor io, String node) {
        this.io = io;
        this.node = node;
        this.number = definition.number();
        this.definition = definition;
        this.conference = new Conference(definition.talkers());
        this.loop = loop;
    }

    RoomDefinition definition() {
        return definition;
    }

    void redefined(RoomDefinition d) {
        this.definition = d;
    }

    /**
     * Why a caller cannot come in now, or null: it is added (not seated yet).
     *
     * @param elsewhere participants in the room's other parts (on other meeting nodes), for the room-wide cap
     */
    synchronized String admit(Participant p, int elsewhere) {
        if (locked && !p.moderator) {
            return "conf-locked";
        }
        if (participants.size() + elsewhere >= definition.maxParticipants()) {
            return "conf-full";
        }
        participants.put(p.id, p);
        changed = true;
        return null;
    }

    synchronized String newId() {
        return node + "." + ++nextId;
    }

    /** Seats {@code p} in the mix: its received frames are mixed, it hears the room. */
    void seat(Participant p) {
        loop.execute(() -> {
            synchronized (this) {
                if (!participants.containsKey(p.id) || p.seat != null) {
                    return;
                }
            }
            Seat s = conference.add(p.id);
            s.mute(p.muted);
            p.seat = s;
            p.call.media().receiveAudio(s);
            p.call.media().play(s);
        });
        synchronized (this) {
            changed = true;
        }
    }

    /** Back to the mix after a prompt played over it. */
    void hearRoom(Participant p) {
        Seat s = p.seat;
        if (s != null) {
            p.call.media().play(s);
        }
    }

    /** Trunk slot {@code k} from {@code peer}: its voice a remote seat of the mix, our loudest voices its source. */
    void addTrunk(String peer, int k, io.switchboard.common.worker.CallMedia end) {
        loop.execute(() -> {
            Seat s = conference.addRemote(peer + ":" + k, peer);
            end.receiveAudio(s);
            end.play(conference.export(peer, k));
        });
    }

    /** The peer's trunks are gone: its seats leave the mix. */
    void dropPeer(String peer) {
        loop.execute(() -> conference.dropPeer(peer));
    }

    /** Out of the room; true when the room is now empty. */
    boolean leave(Participant p) {
        boolean empty;
        synchronized (this) {
            if (participants.remove(p.id) == null) {
                return participants.isEmpty();
            }
            changed = true;
            empty = participants.isEmpty();
        }
        loop.execute(() -> {
            Seat s = p.seat;
            if (s != null) {
                conference.remove(s);
                p.seat = null;
            }
        });
        return empty;
    }

    synchronized void mute(Participant p, boolean on) {
        p.muted = on;
        Seat s = p.seat;
        if (s != null) {
            s.mute(on);
        }
        changed = true;
    }

    /** Mutes (or unmutes) everyone but {@code except}'s moderators. */
    synchronized void muteAll(boolean on, Participant except) {
        for (Participant p : participants.values()) {
            if (p != except && !p.moderator) {
                mute(p, on);
            }
        }
    }

    synchronized boolean toggleLock() {
        locked = !locked;
        changed = true;
        return locked;
    }

    synchronized void lock(boolean on) {
        locked = on;
        changed = true;
    }

    synchronized boolean hasModerator() {
        return participants.values().stream().anyMatch(p -> p.moderator);
    }

    synchronized int size() {
        return participants.size();
    }

    synchronized Participant participant(String id) {
        return participants.get(id);
    }

    synchronized List<Participant> all() {
        return new ArrayList<>(participants.values());
    }

    synchronized void becameModerator(Participant p) {
        p.moderator = true;
        changed = true;
    }

    /** Starts recording the mix to {@code file} (a new file); false when it is already recording. */
    synchronized boolean startRecording(java.nio.file.Path file) throws java.io.IOException {
        if (recorder != null && recorder.active()) {
            return false;
        }
        MixRecorder r = new MixRecorder(file);
        recorder = r;
        changed = true;
        loop.execute(() -> conference.tap(r));
        return true;
    }

    /** Stops the recording; the file is closed once the loop no longer hands it frames. */
    synchronized MixRecorder stopRecording() {
        MixRecorder r = recorder;
        recorder = null;
        changed = true;
        if (r != null) {
            loop.execute(() -> {
                conference.tap(null);
                io.execute(r::stop); // after the tap is gone no frame comes in; the disk is written off the loop
            });
        }
        return r;
    }

    /** Moves recorded frames to disk (timer thread). */
    void drainRecording() {
        MixRecorder r;
        synchronized (this) {
            r = recorder;
        }
        if (r != null) {
            r.drain();
        }
    }

    /** The room as the API shows it; {@code force} publishes even when nothing changed (to refresh the entry's TTL). */
    synchronized RoomState snapshot(String node, long now) {
        List<RoomParticipant> list = new ArrayList<>(participants.size());
        for (Participant p : participants.values()) {
            list.add(p.view());
        }
        changed = false;
        String recording = recorder != null && recorder.active() ? recorder.path().toString() : "";
        return new RoomState(number, node, list, locked, recording, now);
    }

    /** Whether anything an API reader sees changed since the last snapshot (talkers are checked by the caller). */
    synchronized boolean changed() {
        return changed;
    }

    long mixes() {
        return conference.mixes;
    }
}
