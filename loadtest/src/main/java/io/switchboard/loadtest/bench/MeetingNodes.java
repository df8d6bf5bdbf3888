package io.switchboard.loadtest.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The meeting nodes of a {@link MeetingBenchmark} run, each a {@link MeetingNodeMain} child JVM with
 * the bench's SIP socket towards it. One node is the room on one node; two are the same Hazelcast
 * cluster (both data members: the room maps survive either alone) with RTP port ranges, data
 * directories and names of their own, the room spanning both ({@value MeetingNodeMain#ROOM_PARTS}
 * on the node started last), the first its entry and hub.
 */
final class MeetingNodes implements AutoCloseable {
    /** One node: its label in the output (A, B), its child process and the bench's SIP side towards it. */
    record Node(String label, String name, NodeChild child, LoopbackUac sip) {
    }

    private final List<Node> nodes = new ArrayList<>();

    private MeetingNodes() {
    }

    /** Starts {@code count} nodes one after the other (the second joins the first's cluster); all stopped on a failure. */
    static MeetingNodes start(RunContext c, Path dir, int count, int most, List<String> jvm) throws Exception {
        MeetingNodes all = new MeetingNodes();
        try {
            int capacity = perNode(most, count) + 50;
            int rtpMin = MeetingBenchmark.RTP_PORT_MIN;
            List<String> names = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                names.add(count == 1 ? "meeting-bench" : "meeting-bench-" + (char) ('a' + k));
            }
            for (int k = 0; k < count; k++) {
                String suffix = count == 1 ? "" : "-" + (char) ('a' + k);
                int rtpMax = rtpMin + 2 * capacity + 2 * 256 - 1; // + the shared pairs; trunks take pairs beyond them
                Map<String, String> keys = keys(c, names.get(k), dir.resolve("node-data" + suffix), capacity, most + 50,
                        rtpMin, rtpMax);
                if (count > 1 && k == count - 1) {
                    keys.put(MeetingNodeMain.ROOM_PARTS, String.join(",", names));
                }
                NodeChild child = MeetingNodeMain.startChild(keys, jvm, dir.resolve("meeting-node" + suffix + ".log"));
                LoopbackUac sip;
                try {
                    sip = new LoopbackUac("meeting-bench", child.sipPort, MeetingNodeMain.ROOM);
                } catch (IOException | RuntimeException e) {
                    child.close();
                    throw e;
                }
                all.nodes.add(new Node(count == 1 ? "" : String.valueOf((char) ('A' + k)), names.get(k), child, sip));
                rtpMin = rtpMax + 1;
            }
            return all;
        } catch (Exception | Error e) {
            all.close();
            throw e;
        }
    }

    /** The participants one node holds at most when {@code most} are spread over {@code count}. */
    static int perNode(int most, int count) {
        return (most + count - 1) / count;
    }

    private static Map<String, String> keys(RunContext c, String name, Path data, int capacity, int roomMax, int rtpMin,
                                            int rtpMax) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("node.name", name);
        keys.put("node.private-address", "127.0.0.1");
        // A cluster of its own: the nodes must not join a Switchboard running on this machine.
        keys.put("cluster.name", "meeting-bench-" + ProcessHandle.current().pid());
        keys.put("cluster.bind-address", "127.0.0.1");
        keys.put("cluster.members", "127.0.0.1");
        keys.put("cluster.port", "5971"); // a second node takes the next port (auto-increment) and finds the first here
        keys.put("meeting.sip-address", "127.0.0.1");
        keys.put("meeting.sip-port", "0");
        keys.put("meeting.rtp-port-min", Integer.toString(rtpMin));
        keys.put("meeting.rtp-port-max", Integer.toString(rtpMax));
        keys.put("meeting.max-sessions", Integer.toString(capacity));
        keys.put("meeting.http-address", "127.0.0.1");
        keys.put("meeting.http-port", "0");
        keys.put("meeting.event-loops", c.options.string("event-loops"));
        keys.put("meeting.rtp-shared-port", Boolean.toString(c.options.bool("shared-port")));
        keys.put("metrics.jvm", "false");
        keys.put("data-dir", data.toString());
        keys.put(MeetingNodeMain.ROOM_MAX, Integer.toString(roomMax));
        return keys;
    }

    List<Node> all() {
        return List.copyOf(nodes);
    }

    int size() {
        return nodes.size();
    }

    Node get(int k) {
        return nodes.get(k);
    }

    /** The first node not alive, or null. */
    Node dead() {
        return nodes.stream().filter(n -> !n.child().alive()).findFirst().orElse(null);
    }

    long endedByNodes() {
        return nodes.stream().mapToLong(n -> n.sip().endedByNode.get()).sum();
    }

    String describe() {
        return nodes.stream().map(n -> String.format("%snode %s pid %d, SIP udp 127.0.0.1:%d, metrics :%d, log %s",
                        n.label().isEmpty() ? "" : n.label() + ": ", n.name(), n.child().pid(), n.child().sipPort,
                        n.child().httpPort, n.child().log))
                .collect(Collectors.joining("; "));
    }

    /** The SIP sockets, then the nodes, the last started first (its leaving needs the first's cluster still up). */
    @Override
    public void close() {
        for (int k = nodes.size() - 1; k >= 0; k--) {
            try {
                nodes.get(k).sip().close();
            } catch (IOException e) {
                // closing anyway
            }
            nodes.get(k).child().close();
        }
        nodes.clear();
    }
}
