package io.switchboard.common.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * One {@code m=} section (RFC 4566 section 5.14): the media line parsed, the lines under it kept in
 * order ({@code c=}, {@code b=}, {@code a=} and anything else). Mutable: rewriting is its purpose.
 */
public final class MediaDescription {
    /** RFC 3264 section 6: direction attributes, at most one per section. */
    public static final List<String> DIRECTIONS = List.of("sendrecv", "sendonly", "recvonly", "inactive");
    /** ICE (RFC 8839) attributes, removed together when a relay hides the endpoints' candidates. */
    public static final List<String> ICE_ATTRIBUTES = List.of("candidate", "remote-candidates", "ice-ufrag", "ice-pwd",
            "ice-options", "ice-lite", "ice-mismatch", "end-of-candidates", "ice-pacing");

    private String media;
    private int port;
    private Integer portCount;
    private String protocol;
    private final List<String> formats;
    private final List<SdpLine> lines = new ArrayList<>();

    public MediaDescription(String media, int port, Integer portCount, String protocol, List<String> formats) {
        this.media = media;
        this.port = port;
        this.portCount = portCount;
        this.protocol = protocol;
        this.formats = new ArrayList<>(formats);
    }

    static MediaDescription parse(String value, int line) {
        String[] f = value.split(" ");
        if (f.length < 4) {
            throw new SdpException(line, "expected m=<media> <port>[/<count>] <proto> <fmt> ..., got '" + value + "'");
        }
        String portField = f[1];
        Integer count = null;
        int slash = portField.indexOf('/');
        if (slash >= 0) {
            count = number(portField.substring(slash + 1), line, "port count");
            portField = portField.substring(0, slash);
        }
        int port = number(portField, line, "port");
        if (port > 65535) {
            throw new SdpException(line, "port " + port + " out of range 0-65535");
        }
        return new MediaDescription(f[0], port, count, f[2], List.of(f).subList(3, f.length));
    }

    private static int number(String s, int line, String what) {
        if (!s.matches("\\d{1,5}")) {
            throw new SdpException(line, "expected a numeric " + what + ", got '" + s + "'");
        }
        return Integer.parseInt(s);
    }

    public String media() {
        return media;
    }

    public int port() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public Optional<Integer> portCount() {
        return Optional.ofNullable(portCount);
    }

    public String protocol() {
        return protocol;
    }

    /** Changes the transport protocol (e.g. RTP/SAVP to RTP/AVP when a relay terminates SRTP). */
    public void setProtocol(String protocol) {
        if (protocol == null || protocol.isBlank() || protocol.contains(" ")) {
            throw new IllegalArgumentException("not an SDP transport protocol: '" + protocol + "'");
        }
        this.protocol = protocol;
    }

    public List<String> formats() {
        return List.copyOf(formats);
    }

    /**
     * Keeps only {@code kept} of this stream's formats, in that order, and drops the {@code a=rtpmap} and
     * {@code a=fmtp} lines of the others (an offer narrowed to what a peer takes).
     */
    public void retainFormats(List<String> kept) {
        List<String> dropped = new ArrayList<>(formats);
        dropped.removeAll(kept);
        formats.clear();
        formats.addAll(kept);
        lines.removeIf(l -> l.type() == 'a' && dropped.stream().anyMatch(pt ->
                l.value().startsWith("rtpmap:" + pt + " ") || l.value().startsWith("fmtp:" + pt + " ")));
    }

    /** The lines under the m= line, live and in order. */
    public List<SdpLine> lines() {
        return lines;
    }

    public Optional<Connection> connection() {
        for (SdpLine l : lines) {
            if (l.type() == 'c') {
                return Optional.of(Connection.parse(l.value(), 0));
            }
        }
        return Optional.empty();
    }

    /** Replaces the c= lines of this section (or adds one right after i= if there was none). */
    public void setConnection(Connection c) {
        SdpLine line = new SdpLine('c', c.toString());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).type() == 'c') {
                lines.set(i, line);
                lines.subList(i + 1, lines.size()).removeIf(l -> l.type() == 'c');
                return;
            }
        }
        int at = 0;
        while (at < lines.size() && lines.get(at).type() == 'i') {
            at++;
        }
        lines.add(at, line);
    }

    public boolean hasConnection() {
        return lines.stream().anyMatch(l -> l.type() == 'c');
    }

    public Optional<String> attribute(String name) {
        return lines.stream().filter(l -> l.isAttribute(name)).map(SdpLine::attributeValue).findFirst();
    }

    public List<String> attributes(String name) {
        return lines.stream().filter(l -> l.isAttribute(name)).map(SdpLine::attributeValue).toList();
    }

    public boolean hasAttribute(String name) {
        return lines.stream().anyMatch(l -> l.isAttribute(name));
    }

    public void removeAttributes(Predicate<String> nameMatches) {
        lines.removeIf(l -> l.type() == 'a' && nameMatches.test(l.attributeName()));
    }

    /** Sets {@code a=name:value} (or {@code a=name} when value is null) in place of the first one, else at the end. */
    public void setAttribute(String name, String value) {
        SdpLine line = new SdpLine('a', value == null ? name : name + ":" + value);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isAttribute(name)) {
                lines.set(i, line);
                return;
            }
        }
        lines.add(line);
    }

    /** The RFC 3264 direction; sendrecv when none is given here (the session level may say otherwise). */
    public Optional<String> direction() {
        return lines.stream().filter(l -> l.type() == 'a' && DIRECTIONS.contains(l.value())).map(SdpLine::value).findFirst();
    }

    /** {@code a=rtcp:} port (RFC 3605), if given. */
    public OptionalInt rtcpPort() {
        Optional<String> v = attribute("rtcp");
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        String p = v.get().split(" ")[0];
        return p.matches("\\d{1,5}") ? OptionalInt.of(Integer.parseInt(p)) : OptionalInt.empty();
    }

    /** {@code a=rtcp:} address (RFC 3605), if given with one. */
    public Optional<String> rtcpAddress() {
        String[] f = attribute("rtcp").orElse("").split(" ");
        return f.length == 4 ? Optional.of(f[3]) : Optional.empty();
    }

    public boolean rtcpMux() {
        return hasAttribute("rtcp-mux");
    }

    /** The encoding name of a payload type per a=rtpmap, or the RFC 3551 static name for 0 and 8. */
    public Optional<String> encoding(int payloadType) {
        String prefix = payloadType + " ";
        for (String v : attributes("rtpmap")) {
            if (v.startsWith(prefix)) {
                return Optional.of(v.substring(prefix.length()).split("/")[0]);
            }
        }
        return switch (payloadType) {
            case 0 -> Optional.of("PCMU");
            case 8 -> Optional.of("PCMA");
            case 9 -> Optional.of("G722");
            case 18 -> Optional.of("G729");
            default -> Optional.empty();
        };
    }

    String mediaLine() {
        return media + " " + port + (portCount == null ? "" : "/" + portCount) + " " + protocol + " " + String.join(" ", formats);
    }
}
