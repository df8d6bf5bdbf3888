package io.switchboard.dist;

import io.switchboard.common.cluster.ServerType;
import io.switchboard.common.config.Settings;
import io.switchboard.common.lifecycle.ShutdownStack;
import io.switchboard.ivr.IvrServer;
import io.switchboard.ivr.IvrSettings;
import io.switchboard.media.MediaServer;
import io.switchboard.media.MediaSettings;
import io.switchboard.meeting.MeetingServer;
import io.switchboard.meeting.MeetingSettings;
import io.switchboard.queue.QueueServer;
import io.switchboard.queue.QueueSettings;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.SignalingSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Signaling plus the default local worker servers in one JVM, with one embedded Hazelcast member and
 * an H2 database under the data dir (docs/ARCHITECTURE.md "Embedded default"): signaling, a media server,
 * an IVR server (demo application on 8000), a queue server and a meeting server.
 */
@Command(name = "all-in-one", mixinStandardHelpOptions = true,
        description = "Start the whole system on this machine (embedded Hazelcast and H2).")
final class AllInOneCommand implements Callable<Integer> {
    /** Every role's reference keys: one file configures the whole machine. */
    static final List<String> REFERENCE = List.copyOf(new LinkedHashSet<>(
            concat(concat(concat(concat(SignalingSettings.REFERENCE, MediaSettings.REFERENCE), IvrSettings.REFERENCE),
                    QueueSettings.REFERENCE), MeetingSettings.REFERENCE)));

    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws Exception {
        Settings settings = options.load(REFERENCE);
        SignalingSettings signaling = SignalingSettings.from(settings);
        // node.name names the machine; the embedded media server is "<name>-media" beside it.
        MediaSettings media = MediaSettings.from(settings.with("node.name", signaling.nodeName().replaceAll("-signaling$", "") + "-media"));
        // node.name names the machine; the embedded servers are "<name>-media" and "<name>-ivr" beside it.
        // Each role's banner is held until every role is up, then printed in one piece.
        java.io.ByteArrayOutputStream banners = new java.io.ByteArrayOutputStream();
        java.io.PrintStream banner = new java.io.PrintStream(banners, true, java.nio.charset.StandardCharsets.UTF_8);
        SignalingServer server = SignalingServer.startClosed(signaling, Version.current(), banner);
        String machine = signaling.nodeName().replaceAll("-signaling$", "");
        IvrSettings ivr = IvrSettings.from(settings.with("node.name", machine + "-ivr"));
        QueueSettings queue = QueueSettings.from(settings.with("node.name", machine + "-queue"));
        MeetingSettings meeting = MeetingSettings.from(settings.with("node.name", machine + "-meeting"));
        // The embedded roles are the main server's default local servers: inventory rows marked default,
        // enabled at first start; an operator who disabled one (signaling only) finds it disabled again.
        io.switchboard.signaling.inventory.ServerDirectory inventory = server.servers();
        inventory.ensureDefault(media.nodeName(), ServerType.MEDIA, media.privateAddress(),
                Math.min(media.maxSessions(), io.switchboard.common.cluster.ServerRecord.MEDIA_MAX_SESSIONS));
        inventory.ensureDefault(ivr.nodeName(), ServerType.IVR, ivr.privateAddress(), ivr.maxSessions());
        inventory.ensureDefault(queue.nodeName(), ServerType.QUEUE, queue.privateAddress(), queue.maxSessions());
        inventory.ensureDefault(meeting.nodeName(), ServerType.MEETING, meeting.privateAddress(), meeting.maxSessions());
        ShutdownStack local = new ShutdownStack();
        local.push(server);
        try {
            local.push(MediaServer.embedded(media, Version.current(), banner, server.hazelcast()));
            // Closed before signaling and media: its callers get BYE while both still run.
            local.push(IvrServer.embedded(ivr, Version.current(), banner, server.hazelcast()));
            // Closed first: its queues are released and its callers get BYE while the rest still runs.
            local.push(QueueServer.embedded(queue, Version.current(), banner, server.hazelcast()));
            // Closed first of all: its rooms are released and its participants get BYE while the rest still runs.
            local.push(MeetingServer.embedded(meeting, Version.current(), banner, server.hazelcast()));
        } catch (Exception | Error e) {
            local.close();
            throw e;
        }
        // SIP answers 503 until here: a probe that gets 200 can use every role the banner lists.
        server.openSip();
        System.out.print(banners.toString(java.nio.charset.StandardCharsets.UTF_8));
        System.out.flush();
        return RunningServer.runUntilStopped(local);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
