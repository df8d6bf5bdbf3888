package io.switchboard.loadtest.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.common.meeting.RoomDefinitions;
import io.switchboard.common.meeting.RoomMaps;
import io.switchboard.common.meeting.RoomOwners;
import io.switchboard.common.meeting.RoomParts;
import io.switchboard.meeting.MeetingServer;
import io.switchboard.meeting.MeetingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The main of the meeting child process started by {@link MeetingBenchmark}: one JVM "meeting node"
 * made of a plain Hazelcast data member (configured with {@link RoomMaps#configure}, in a cluster of
 * its own name, so {@code rooms} lives here) with the bench room published, and
 * {@link MeetingServer#embedded} on it. Arguments are {@code key=value} configuration overrides plus
 * {@value #ROOM_MAX} (the room's participant limit, not a meeting setting) and, on the last node of a
 * cascaded run, {@value #ROOM_PARTS} (see {@link #spanRoom}). It prints {@value #READY}
 * with its ports once up and stops when its standard input closes, like {@link IvrNodeMain}, so a
 * benchmark that dies never leaves it behind.
 */
public final class MeetingNodeMain {
    static final String READY = "MEETING-NODE-READY";
    static final String ROOM = "9000";
    static final String ROOM_MAX = "bench.room-max";
    /** Node names, comma separated: the first the room's entry and hub, all of them its parts. */
    static final String ROOM_PARTS = "bench.room-parts";
    private static final Duration PEERS_ONLINE = Duration.ofSeconds(60);

    private MeetingNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            ctx.getLogger("io.switchboard").setLevel(Level.INFO);
        }
        Map<String, String> keys = ChildJvm.arguments(args);
        int roomMax = Integer.parseInt(keys.remove(ROOM_MAX));
        String parts = keys.remove(ROOM_PARTS);
        MeetingSettings settings = MeetingSettings.load(keys);
        HazelcastInstance hz = ClusterMember.start(settings.cluster(), settings.nodeName(), RoomMaps::configure);
        // No PIN, no moderator, no join tones, no recording: the room only mixes, its 3 loudest talkers.
        new RoomDefinitions(hz).publish(new RoomDefinition(ROOM, "bench", "", "", roomMax, false, false, false,
                RoomDefinition.of(ROOM, "bench").talkers()));
        try (MeetingServer server = MeetingServer.embedded(settings, "bench", System.out, hz)) {
            if (parts != null) {
                spanRoom(server, hz, List.of(parts.split(",")));
            }
            System.out.println(READY + " sip=" + server.sipPort() + " http=" + server.httpPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // End of input is the signal to stop.
            }
            System.out.println("MEETING-NODE-STOPPING sessions=" + server.worker().size());
        }
        hz.shutdown();
        System.exit(0);
    }

    /**
     * Makes the bench room span {@code names} before anyone calls: the first the entry
     * ({@code room-owners}) and every one a part ({@code room-parts}, in order, so the first is the
     * hub), as a room that overflowed would be. A node only opens a part listed there (else it REFERs
     * the caller to the entry, which the bench's SIP cannot follow), and it drops listed parts it does
     * not see online: so this runs on the node started last, once its registry shows every named node
     * online (bounded), by which time the earlier nodes have long seen it too.
     */
    private static void spanRoom(MeetingServer server, HazelcastInstance hz, List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + PEERS_ONLINE.toNanos();
        while (!online(server).containsAll(names)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("meeting nodes " + names + " not all online after " + PEERS_ONLINE.toSeconds()
                        + " s; online: " + online(server));
            }
            Thread.sleep(100);
        }
        RoomParts roomParts = new RoomParts(hz);
        for (String name : names) {
            roomParts.join(ROOM, name);
        }
        String entry = new RoomOwners(hz).claim(ROOM, names.get(0), n -> true);
        System.out.println("MEETING-NODE-ROOM room " + ROOM + " entry " + entry + ", parts " + roomParts.of(ROOM));
    }

    private static List<String> online(MeetingServer server) {
        return server.registry().online(MeetingServer.ROLE).stream().map(NodeStatus::name).toList();
    }

    /** Starts this main in a child JVM of the benchmark's. */
    static NodeChild startChild(Map<String, String> keys, List<String> jvmOptions, Path log) throws Exception {
        return NodeChild.start("meeting node", MeetingNodeMain.class, READY, keys, jvmOptions, log);
    }
}
