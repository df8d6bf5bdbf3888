package io.switchboard.common.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An SDP body (RFC 4566): session-level lines in order, then the media sections. Parsing checks the
 * shape the relay depends on (v=0 first, well-formed o=, c= and m= lines, {@code x=value} lines)
 * and keeps everything else verbatim; {@link #write()} emits CRLF line endings (RFC 4566 section 5).
 */
public final class SessionDescription {
    private final List<SdpLine> sessionLines = new ArrayList<>();
    private final List<MediaDescription> media = new ArrayList<>();

    public static SessionDescription parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SdpException(1, "empty SDP body (expected v=0)");
        }
        SessionDescription sdp = new SessionDescription();
        String[] raw = text.split("\r?\n", -1);
        int last = raw.length;
        while (last > 0 && raw[last - 1].isEmpty()) {
            last--;
        }
        MediaDescription current = null;
        for (int i = 0; i < last; i++) {
            int n = i + 1;
            String line = raw[i];
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new SdpException(n, "expected <type>=<value> with a lower-case letter type, got '" + abbreviate(line) + "'");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (i == 0) {
                if (type != 'v' || !value.equals("0")) {
                    throw new SdpException(n, "expected v=0 as the first line, got '" + abbreviate(line) + "'");
                }
            }
            switch (type) {
                case 'o' -> {
                    if (current != null) {
                        throw new SdpException(n, "o= belongs at session level, found inside a media section");
                    }
                    Origin.parse(value, n);
                }
                case 'c' -> Connection.parse(value, n);
                case 'm' -> {
                    current = MediaDescription.parse(value, n);
                    sdp.media.add(current);
                    continue;
                }
                default -> {
                }
            }
            if (current == null) {
                sdp.sessionLines.add(new SdpLine(type, value));
            } else {
                current.lines().add(new SdpLine(type, value));
            }
        }
        if (sdp.sessionLines.stream().noneMatch(l -> l.type() == 'o')) {
            throw new SdpException(2, "missing o= line (RFC 4566 section 5.2)");
        }
        return sdp;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    public List<SdpLine> sessionLines() {
        return sessionLines;
    }

    public List<MediaDescription> media() {
        return media;
    }

    public Origin origin() {
        return sessionLines.stream().filter(l -> l.type() == 'o').findFirst()
                .map(l -> Origin.parse(l.value(), 0)).orElseThrow();
    }

    public void setOrigin(Origin o) {
        replaceFirst('o', o.toString());
    }

    public Optional<Connection> connection() {
        return sessionLines.stream().filter(l -> l.type() == 'c').findFirst().map(l -> Connection.parse(l.value(), 0));
    }

    /** Replaces the session-level c= line if there is one; does not add one. */
    public boolean replaceConnection(Connection c) {
        return replaceFirst('c', c.toString());
    }

    /** The connection a media section uses: its own c= or the session's (RFC 4566 section 5.7). */
    public Optional<Connection> connectionOf(MediaDescription m) {
        return m.connection().or(this::connection);
    }

    /** Session-level attribute value, if present. */
    public Optional<String> attribute(String name) {
        return sessionLines.stream().filter(l -> l.isAttribute(name)).map(SdpLine::attributeValue).findFirst();
    }

    public void removeAttributes(java.util.function.Predicate<String> nameMatches) {
        sessionLines.removeIf(l -> l.type() == 'a' && nameMatches.test(l.attributeName()));
    }

    private boolean replaceFirst(char type, String value) {
        for (int i = 0; i < sessionLines.size(); i++) {
            if (sessionLines.get(i).type() == type) {
                sessionLines.set(i, new SdpLine(type, value));
                return true;
            }
        }
        return false;
    }

    public String write() {
        StringBuilder sb = new StringBuilder(512);
        for (SdpLine l : sessionLines) {
            sb.append(l.type()).append('=').append(l.value()).append("\r\n");
        }
        for (MediaDescription m : media) {
            sb.append("m=").append(m.mediaLine()).append("\r\n");
            for (SdpLine l : m.lines()) {
                sb.append(l.type()).append('=').append(l.value()).append("\r\n");
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return write();
    }
}
