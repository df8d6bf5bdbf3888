package io.switchboard.media.ng;

import io.switchboard.common.sdp.Connection;
import io.switchboard.common.sdp.MediaDescription;
import io.switchboard.common.sdp.SessionDescription;
import io.switchboard.common.ng.NgProtocolException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Offer/answer rewriting (RFC 3264) for an anchoring relay: reads where an endpoint receives, and
 * rewrites the SDP that goes to the other endpoint so that it sends to this node. One media stream
 * is relayed (the first m= line with a non-zero port); further active streams are rejected with
 * port 0 (RFC 3264 section 6) because the relay would not carry them.
 */
final class SdpRewriter {
    /** Where an endpoint said it receives. */
    record Endpoint(InetSocketAddress rtp, InetSocketAddress rtcp, boolean rtcpMux, String mediaType, String protocol) {
    }

    private SdpRewriter() {
    }

    /** Payload types the relayed stream maps to telephone-event (any clock rate). */
    static java.util.List<Integer> telephoneEvents(SessionDescription sdp) {
        MediaDescription m = relayed(sdp);
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (String f : m.formats()) {
            try {
                int pt = Integer.parseInt(f);
                if (m.encoding(pt).filter(e -> e.equalsIgnoreCase("telephone-event")).isPresent()) {
                    out.add(pt);
                }
            } catch (NumberFormatException e) {
                // not an RTP payload type: nothing to learn
            }
        }
        return out;
    }

    static MediaDescription relayed(SessionDescription sdp) {
        return sdp.media().stream().filter(m -> m.port() != 0).findFirst()
                .orElseThrow(() -> new NgProtocolException("SDP has no active media stream (every m= line has port 0)"));
    }

    /**
     * @param mediaAddress rtpengine's "media address": overrides the address in the SDP (null: use the SDP's)
     */
    static Endpoint endpoint(SessionDescription sdp, String mediaAddress) {
        MediaDescription m = relayed(sdp);
        String host = mediaAddress != null ? mediaAddress
                : sdp.connectionOf(m).map(Connection::host).orElseThrow(() ->
                        new NgProtocolException("SDP media '" + m.media() + "' has no c= line, neither its own nor a session-level one"));
        InetAddress address = literal(host);
        InetSocketAddress rtp = null;
        InetSocketAddress rtcp = null;
        // c=0.0.0.0 is the RFC 2543 hold: no destination until the endpoint's packets latch it.
        if (!address.isAnyLocalAddress()) {
            rtp = new InetSocketAddress(address, m.port());
            InetAddress rtcpAddress = m.rtcpAddress().map(SdpRewriter::literal).orElse(address);
            rtcp = new InetSocketAddress(rtcpAddress, m.rtcpPort().orElse(m.port() + 1));
        }
        return new Endpoint(rtp, rtcp, m.rtcpMux(), m.media(), m.protocol());
    }

    private static InetAddress literal(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new NgProtocolException("media address '" + host + "' is not an IP address literal (no DNS lookups on the control path)");
        }
        try {
            return InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new NgProtocolException("media address '" + host + "' is not an IP address");
        }
    }

    /**
     * Points the SDP at {@code address:port}: session c= (always), the relayed stream's c= and port,
     * {@code a=rtcp:rtcpPort} (RFC 3605; see {@link RtcpMuxNegotiation} for which port), {@code a=rtcp-mux}
     * present or removed, the o= address with replace=origin; ICE attributes are removed (this relay
     * is not an ICE agent, and candidates would route media around it).
     */
    static void rewrite(SessionDescription sdp, String address, int port, boolean rtcpMux, int rtcpPort,
                        boolean replaceOrigin) {
        Connection ours = address.contains(":") ? new Connection("IN", "IP6", address) : Connection.ip4(address);
        if (replaceOrigin) {
            sdp.setOrigin(sdp.origin().withAddress(ours.addrType(), address));
        }
        boolean sessionConnection = sdp.replaceConnection(ours);
        sdp.removeAttributes(MediaDescription.ICE_ATTRIBUTES::contains);
        MediaDescription relayed = relayed(sdp);
        for (MediaDescription m : sdp.media()) {
            if (m != relayed) {
                if (m.port() != 0) {
                    m.setPort(0);
                }
                continue;
            }
            m.setPort(port);
            if (m.hasConnection() || !sessionConnection) {
                m.setConnection(ours);
            }
            m.removeAttributes(MediaDescription.ICE_ATTRIBUTES::contains);
            m.setAttribute("rtcp", Integer.toString(rtcpPort));
            if (rtcpMux) {
                if (!m.rtcpMux()) {
                    m.lines().add(new io.switchboard.common.sdp.SdpLine('a', "rtcp-mux"));
                }
            } else {
                // rtcp-mux-only (RFC 8858) without rtcp-mux would make no sense to the endpoint.
                m.removeAttributes(List.of("rtcp-mux", "rtcp-mux-only")::contains);
            }
        }
    }
}
