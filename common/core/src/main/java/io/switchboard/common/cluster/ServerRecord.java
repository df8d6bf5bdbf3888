package io.switchboard.common.cluster;

import io.switchboard.common.api.FieldProblem;
import java.io.Serializable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One worker server in the inventory, as the operator added it: the database row (signaling's
 * {@code servers} table) and the {@code servers} map entry every node reads.
 *
 * @param name           unique, what the node is started with ({@code node.name})
 * @param type           one role per machine
 * @param privateAddress the IP other servers reach it at; an IP carries one role only (default servers excepted)
 * @param publicAddress  media only: the IP its SDP offers to phones outside; empty = none
 * @param maxSessions    most sessions signaling gives it (media: at most 5,000)
 * @param enabled        false = drain: no new sessions, current ones go on
 * @param isDefault      a local server of the main server (the all-in-one's embedded roles)
 */
public record ServerRecord(String name, ServerType type, String privateAddress, String publicAddress, int maxSessions,
                           boolean enabled, boolean isDefault) implements Serializable {
    /** The most media sessions one server should carry (the deployment guide's advice). */
    public static final int MEDIA_MAX_SESSIONS = 5_000;
    /** Default cap of a worker that is not a media server. */
    public static final int DEFAULT_MAX_SESSIONS = 1_000;
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    public ServerRecord {
        publicAddress = publicAddress == null ? "" : publicAddress.trim();
        privateAddress = privateAddress == null ? "" : privateAddress.trim();
    }

    /** The cap a new row of this type gets when none is given. */
    public static int defaultMaxSessions(ServerType type) {
        return type == ServerType.MEDIA ? MEDIA_MAX_SESSIONS : DEFAULT_MAX_SESSIONS;
    }

    public ServerRecord withEnabled(boolean on) {
        return new ServerRecord(name, type, privateAddress, publicAddress, maxSessions, on, isDefault);
    }

    /** Every field that is wrong, each named, for a 400 that says what to fix. */
    public List<FieldProblem> problems() {
        List<FieldProblem> out = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            out.add(new FieldProblem("name", "use 1-64 letters, digits, '.', '_' or '-', got '" + name + "'"));
        }
        if (type == null) {
            out.add(new FieldProblem("type", "must be " + ServerType.accepted()));
        }
        if (!isIpLiteral(privateAddress)) {
            out.add(new FieldProblem("privateAddress", "must be an IP address, got '" + privateAddress + "'"));
        }
        if (!publicAddress.isEmpty()) {
            if (type != null && type != ServerType.MEDIA) {
                out.add(new FieldProblem("publicAddress", "only a media server has a public IP (its SDP offers it to"
                        + " phones outside); leave it empty for a " + type.role() + " server"));
            } else if (!isIpLiteral(publicAddress)) {
                out.add(new FieldProblem("publicAddress", "must be an IP address or empty, got '" + publicAddress + "'"));
            }
        }
        if (maxSessions < 1) {
            out.add(new FieldProblem("maxSessions", "must be at least 1, got " + maxSessions));
        } else if (type == ServerType.MEDIA && maxSessions > MEDIA_MAX_SESSIONS) {
            out.add(new FieldProblem("maxSessions", "at most " + MEDIA_MAX_SESSIONS + " sessions per media server, got "
                    + maxSessions + ": for more calls add another media server rather than raise the number"));
        } else if (maxSessions > 100_000) {
            out.add(new FieldProblem("maxSessions", "must be at most 100000, got " + maxSessions));
        }
        return out;
    }

    /** A numeric IPv4 or IPv6 address (never a name: resolving one here would block on DNS). */
    static boolean isIpLiteral(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        var m = IPV4.matcher(s);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!s.contains(":") || !s.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(s) != null; // a literal: parsed, never looked up
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
