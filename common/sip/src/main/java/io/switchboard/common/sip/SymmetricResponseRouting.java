package io.switchboard.common.sip;

import gov.nist.javax.sip.header.Via;
import java.net.InetSocketAddress;
import java.text.ParseException;

/**
 * Where a response goes (RFC 3261 §18.2.1, §18.2.2; RFC 3581 §4). Every request's top Via gets
 * {@code received} when its sent-by host is not the source IP (always when {@code rport} is present)
 * and an empty {@code rport} is filled with the source port. Over UDP the response then goes to the
 * source IP and the rport, else the sent-by port (default 5060); over TCP back on the connection.
 */
final class SymmetricResponseRouting {
    static final int DEFAULT_PORT = 5060;

    private SymmetricResponseRouting() {
    }

    static void stamp(Via top, InetSocketAddress source) {
        String ip = source.getAddress().getHostAddress();
        boolean rport = top.hasParameter("rport");
        try {
            if (rport || !ip.equals(top.getHost())) {
                top.setReceived(ip);
            }
            if (rport && top.getRPort() <= 0) {
                top.setParameter("rport", Integer.toString(source.getPort()));
            }
        } catch (ParseException e) {
            throw new IllegalStateException("RI rejected a numeric address " + ip, e);
        }
    }

    /**
     * The UDP destination of a response whose top Via was stamped by {@link #stamp}. The IP is the
     * source's own (what {@code received} holds, or what sent-by already said), which also ignores
     * a {@code received} the peer wrote itself.
     */
    static InetSocketAddress destination(Via top, InetSocketAddress source) {
        return destination(top.getRPort(), top.getPort(), source);
    }

    /** The same from the top Via's rport value and sent-by port (0 or less: absent). */
    static InetSocketAddress destination(int rport, int viaPort, InetSocketAddress source) {
        int port = rport;
        if (port <= 0) {
            port = viaPort > 0 ? viaPort : DEFAULT_PORT;
        }
        return port == source.getPort() ? source : new InetSocketAddress(source.getAddress(), port);
    }
}
