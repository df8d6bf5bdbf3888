package io.switchboard.dist.service;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A role that runs as a service of its own: its command-line name is also its unit's and its files' name. */
public enum Role {
    SIGNALING("signaling"),
    MEDIA_SERVER("media-server"),
    QUEUE_SERVER("queue-server"),
    MEETING_SERVER("meeting-server"),
    IVR_SERVER("ivr-server");

    private final String cliName;

    Role(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line ({@code switchboard media-server}), in file names and in result lines. */
    public String cliName() {
        return cliName;
    }

    /** The systemd unit, e.g. {@code switchboard-media-server.service}. */
    public String unitName() {
        return "switchboard-" + cliName + ".service";
    }

    public static Optional<Role> parse(String name) {
        return Arrays.stream(values()).filter(r -> r.cliName.equals(name)).findFirst();
    }

    /** "signaling, media-server, ...", for the error that names the accepted roles. */
    public static String names() {
        return Arrays.stream(values()).map(Role::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
