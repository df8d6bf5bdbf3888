package io.switchboard.dist.extend;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of worker server {@code extend} deploys: the name the operator's guide uses ({@code media-server-only}),
 * the inventory's type ({@code media}) and the role the installed launcher runs as a service ({@code media-server}).
 */
public enum ServerType {
    MEDIA("media-server-only", "media", "media-server", "media server"),
    QUEUE("queue-server-only", "queue", "queue-server", "queue server"),
    MEETING("meeting-server-only", "meeting", "meeting-server", "meeting server"),
    IVR("ivr-server-only", "ivr", "ivr-server", "IVR server");

    private final String option;
    private final String inventoryType;
    private final String role;
    private final String label;

    ServerType(String option, String inventoryType, String role, String label) {
        this.option = option;
        this.inventoryType = inventoryType;
        this.role = role;
        this.label = label;
    }

    /** {@code media-server-only}: what {@code -s} takes in the operator's guide. */
    public String option() {
        return option;
    }

    /** {@code media}: the {@code type} of an inventory row. */
    public String inventoryType() {
        return inventoryType;
    }

    /** {@code media-server}: the role of {@code switchboard service ... ROLE} and of /etc/switchboard/ROLE.yaml. */
    public String role() {
        return role;
    }

    /** {@code media server}: for messages. */
    public String label() {
        return label;
    }

    /** "Media Servers": the portal's section of this type (Servers > Media Servers). */
    public String portalSection() {
        String l = this == IVR ? "IVR server" : label;
        return Character.toUpperCase(l.charAt(0)) + l.substring(1, l.indexOf(' ')) + " Servers";
    }

    /** "a media server" / "an IVR server". */
    public String withArticle() {
        return (this == IVR ? "an " : "a ") + label;
    }

    /**
     * The type {@code -s} names: {@code media-server-only}, {@code media}, {@code media-server}, and the guide's
     * misspelt {@code vr-server-only} for IVR.
     */
    public static ServerType parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("vr-server-only")) {
            return IVR;
        }
        for (ServerType t : values()) {
            if (v.equals(t.option) || v.equals(t.inventoryType) || v.equals(t.role)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown server type '" + value + "': one of "
                + Arrays.stream(values()).map(ServerType::option).collect(Collectors.joining(", "))
                + " (or media, queue, meeting, ivr)");
    }

    /** The type of an inventory row's {@code type}, or null for a type extend does not deploy (signaling). */
    public static ServerType ofInventory(String type) {
        for (ServerType t : values()) {
            if (t.inventoryType.equals(type)) {
                return t;
            }
        }
        return null;
    }
}
