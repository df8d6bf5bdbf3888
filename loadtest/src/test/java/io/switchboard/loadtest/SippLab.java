package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.loadtest.AdminClient.Node;
import io.switchboard.media.MediaServer;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.directory.ImportReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * What the SIPp tests with a media node dial: signaling on 127.0.0.1 with users 1001.. imported and
 * one media node, {@code media-a}, in this JVM and one Hazelcast cluster (250 ms heartbeat). A test
 * adds its worker nodes with {@link #own}, so that one {@link #close} stops them before the servers
 * they are members through.
 */
final class SippLab implements AutoCloseable {
    static final long FIRST_USER = 1001;
    private static final Map<String, String> CLUSTER = Map.of("cluster.heartbeat", "250ms");

    final SignalingServer server;
    final AdminClient admin;
    final MediaServer media;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();

    private SippLab(SignalingServer server, AdminClient admin, MediaServer media) {
        this.server = server;
        this.admin = admin;
        this.media = media;
    }

    /**
     * Skips the test class (or fails it under {@code ./switchboard test}) without sipp, then starts
     * signaling with {@code users} users and the media node relaying on {@code mediaFrom..mediaTo}.
     */
    static SippLab start(Path dir, int users, int mediaFrom, int mediaTo) throws Exception {
        return start(dir, users, mediaFrom, mediaTo, Map.of());
    }

    /** As {@link #start(Path, int, int, int)}, with signaling configuration keys of the test's ({@code call.*} ...). */
    static SippLab start(Path dir, int users, int mediaFrom, int mediaTo, Map<String, String> signalingKeys) throws Exception {
        RequiredTool.require(Sipp.executable().isPresent(),
                "sipp is not on the PATH: install SIPp (Debian/Ubuntu package sip-tester) to run the SIPp flows");
        Map<String, String> keys = new HashMap<>(CLUSTER);
        keys.putAll(signalingKeys);
        SignalingServer server = LocalSignaling.start(dir.resolve("data"), keys, System.out);
        try {
            AdminClient admin = new AdminClient(server.httpPort(), server.adminPassword());
            ImportReport report = admin.importUsers(
                    UserCsv.writeUsers(dir.resolve("users.csv"), FIRST_USER, users), Duration.ofSeconds(30));
            assertThat(report.imported()).as("%s", report).isEqualTo(users);
            MediaServer media = LocalMedia.start("media-a", server.hazelcast(), mediaFrom, mediaTo,
                    dir.resolve("data-media-a"), CLUSTER, System.out);
            return new SippLab(server, admin, media);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    /** A worker node of the test's, closed (the last owned first) before media and signaling. */
    <T extends AutoCloseable> T own(T node) {
        owned.push(node);
        return node;
    }

    /** Waits until the media node and {@code count} {@code role} nodes are online in signaling's view. */
    void awaitOnline(String role, int count, Duration settle) {
        await().atMost(settle).until(() -> admin.nodes("media").stream().anyMatch(Node::online)
                && admin.nodes(role).stream().filter(Node::online).count() >= count);
    }

    @Override
    public void close() {
        for (AutoCloseable node : owned) {
            try {
                node.close();
            } catch (Exception e) {
                // the servers are closed anyway
            }
        }
        owned.clear();
        media.close();
        server.close();
    }
}
