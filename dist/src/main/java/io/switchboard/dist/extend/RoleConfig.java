package io.switchboard.dist.extend;

import io.switchboard.common.cluster.ServerType;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.config.Settings;
import io.switchboard.ivr.IvrSettings;
import io.switchboard.media.MediaSettings;
import io.switchboard.meeting.MeetingSettings;
import io.switchboard.queue.QueueSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration {@code extend} writes to /etc/switchboard/ROLE.yaml on a worker: the node's name and addresses,
 * the cluster to join (signaling's name and members), every listener on the machine's private address, and the
 * state under /var/lib/switchboard. Everything else takes the role's reference default.
 */
public final class RoleConfig {
    /** Where the role keeps its state on the target (its data-dir). */
    public static final String DATA_DIR = "/var/lib/switchboard/data";
    /** Recordings (media and meeting), kept by {@code extend rm} unless --purge. */
    public static final String RECORDING_DIR = "/var/lib/switchboard/recordings";

    private RoleConfig() {
    }

    /** /etc/switchboard/ROLE.yaml. */
    public static String path(ServerType type) {
        return "/etc/switchboard/" + type.service() + ".yaml";
    }

    /** The keys, in the order they are written. {@code members}: host:port of each online signaling node. */
    public static Map<String, String> keys(ServerType type, String name, String privateAddress, String publicAddress,
                                           String clusterName, List<String> members) {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("node.name", name);
        k.put("node.private-address", privateAddress);
        boolean publicSet = publicAddress != null && !publicAddress.isBlank() && !publicAddress.equals(privateAddress);
        if (type == ServerType.MEDIA && publicSet) {
            k.put("node.public-address", publicAddress);
        }
        k.put("data-dir", DATA_DIR);
        k.put("cluster.name", clusterName);
        k.put("cluster.bind-address", privateAddress);
        k.put("cluster.members", String.join(",", members));
        String p = type.role();
        switch (type) {
            case MEDIA -> {
                k.put("media.ng-address", privateAddress);
                // With a public address the relay answers on every address (it may be on an interface of its own);
                // without, on the private one only.
                if (!publicSet) {
                    k.put("media.rtp-address", privateAddress);
                }
                k.put("media.http-address", privateAddress);
                k.put("media.recording.dir", RECORDING_DIR);
            }
            case MEETING -> {
                k.put("meeting.sip-address", privateAddress);
                k.put("meeting.http-address", privateAddress);
                k.put("meeting.recording-dir", RECORDING_DIR);
            }
            default -> {
                k.put(p + ".sip-address", privateAddress);
                k.put(p + ".http-address", privateAddress);
            }
        }
        return k;
    }

    /** The keys as nested YAML, every value double-quoted. */
    public static String yaml(Map<String, String> keys, String header) {
        StringBuilder out = new StringBuilder();
        for (String line : header.split("\n")) {
            out.append("# ").append(line).append('\n');
        }
        List<String> open = List.of();
        for (Map.Entry<String, String> e : keys.entrySet()) {
            List<String> parts = List.of(e.getKey().split("\\."));
            int common = 0;
            while (common < open.size() && common < parts.size() - 1 && open.get(common).equals(parts.get(common))) {
                common++;
            }
            for (int i = common; i < parts.size() - 1; i++) {
                out.append("  ".repeat(i)).append(parts.get(i)).append(":\n");
            }
            out.append("  ".repeat(parts.size() - 1)).append(parts.get(parts.size() - 1)).append(": ")
                    .append(quoted(e.getValue())).append('\n');
            open = parts.subList(0, parts.size() - 1);
        }
        return out.toString();
    }

    private static String quoted(String v) {
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Reads {@code yaml} as the role will (its reference defaults under it) and checks every key, so a config the
     * role would refuse never leaves this machine. Throws the role's own {@code ConfigException}.
     */
    public static void validate(ServerType type, String yaml) {
        Path file = null;
        try {
            file = Files.createTempFile("switchboard-" + type.service(), ".yaml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            switch (type) {
                case MEDIA -> MediaSettings.from(load(MediaSettings.REFERENCE, file));
                case QUEUE -> QueueSettings.from(load(QueueSettings.REFERENCE, file));
                case MEETING -> MeetingSettings.from(load(MeetingSettings.REFERENCE, file));
                case IVR -> IvrSettings.from(load(IvrSettings.REFERENCE, file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // A temp file left behind is harmless.
                }
            }
        }
    }

    private static Settings load(List<String> reference, Path file) {
        return new ConfigLoader(reference).load(file, Map.of(), Map.of());
    }
}
