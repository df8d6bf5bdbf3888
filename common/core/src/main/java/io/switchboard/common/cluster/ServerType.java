package io.switchboard.common.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of worker server an operator adds to the inventory, one per machine. Each names the
 * registry role its nodes heartbeat with, the service that runs it, and the {@code extend -s} word
 * the deployment guide uses for it.
 */
public enum ServerType {
    MEDIA("media", "media-server", "media-server-only", "media server"),
    QUEUE("queue", "queue-server", "queue-server-only", "queue server"),
    MEETING("meeting", "meeting-server", "meeting-server-only", "meeting server"),
    IVR("ivr", "ivr-server", "ivr-server-only", "IVR server");

    private final String role;
    private final String service;
    private final String extendWord;
    private final String label;

    ServerType(String role, String service, String extendWord, String label) {
        this.role = role;
        this.service = service;
        this.extendWord = extendWord;
        this.label = label;
    }

    /** {@code media server}, {@code IVR server}: for messages. */
    public String label() {
        return label;
    }

    /** "a media server" / "an IVR server". */
    public String withArticle() {
        return (this == IVR ? "an " : "a ") + label;
    }

    /** "Media Servers": the portal's section of this type (Servers > Media Servers). */
    public String portalSection() {
        String first = label.substring(0, label.indexOf(' '));
        return (this == IVR ? first : Character.toUpperCase(first.charAt(0)) + first.substring(1)) + " Servers";
    }

    /** The registry role ({@link NodeStatus#role()}) and the API's spelling of the type. */
    public String role() {
        return role;
    }

    /** The role's command and service name ({@code switchboard-<service>.service}). */
    public String service() {
        return service;
    }

    /** How {@code extend -s} names it ({@code media-server-only}). */
    public String extendWord() {
        return extendWord;
    }

    /** The type of a registry role; empty for roles outside the inventory (signaling). */
    public static Optional<ServerType> ofRole(String role) {
        return Arrays.stream(values()).filter(t -> t.role.equals(role)).findFirst();
    }

    /**
     * The type an operator typed: the API's word ({@code media}), the service ({@code media-server})
     * or the guide's {@code -s} word ({@code media-server-only}, and {@code vr-server-only} as the guide spells IVR).
     */
    public static Optional<ServerType> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("vr-server-only")) {
            return Optional.of(IVR);
        }
        return Arrays.stream(values())
                .filter(v -> v.role.equals(t) || v.service.equals(t) || v.extendWord.equals(t))
                .findFirst();
    }

    /** What an error lists as the accepted words. */
    public static String accepted() {
        return "media, queue, meeting or ivr";
    }
}
