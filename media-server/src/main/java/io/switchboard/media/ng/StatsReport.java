package io.switchboard.media.ng;

import io.switchboard.media.relay.LegStats;
import io.switchboard.media.relay.RelayLeg;
import io.switchboard.media.relay.RelaySession;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics dictionary of {@code query} and {@code delete} replies, shaped like rtpengine's
 * (docs/ng_control_protocol.md, "query Message"): {@code created}, {@code last signal},
 * {@code tags} (per SIP tag: medias, streams, stats) and {@code totals}. A tag's stats count what
 * arrived from that tag's endpoint. Beyond rtpengine: {@code drops} and {@code sequence gaps}.
 */
final class StatsReport {
    private StatsReport() {
    }

    static void addTo(Map<String, Object> reply, RelaySession s) {
        reply.put("created", s.createdMillis() / 1000);
        reply.put("last signal", s.lastSignalMillis() / 1000);
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put(s.caller().tag(), tag(s, s.caller()));
        tags.put(s.callee().tag(), tag(s, s.callee()));
        reply.put("tags", tags);
        LegStats t = s.totals();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("RTP", stats(t.rtpPackets(), t.rtpBytes(), t.errors() + t.drops(), t));
        totals.put("RTCP", stats(t.rtcpPackets(), t.rtcpBytes(), 0, null));
        reply.put("totals", totals);
    }

    private static Map<String, Object> tag(RelaySession s, RelayLeg leg) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("tag", leg.tag());
        d.put("created", s.createdMillis() / 1000);
        RelayLeg other = leg == s.caller() ? s.callee() : s.caller();
        if (!other.tag().isEmpty()) {
            d.put("in dialogue with", other.tag());
        }
        LegStats st = leg.stats();
        Map<String, Object> media = new LinkedHashMap<>();
        media.put("index", 1L);
        media.put("type", s.mediaType());
        media.put("protocol", s.protocol());
        List<Object> flags = new ArrayList<>();
        flags.add("initialized");
        if (leg.rtcpMux()) {
            flags.add("rtcp-mux");
        }
        media.put("flags", flags);
        List<Object> streams = new ArrayList<>();
        streams.add(stream(leg.port(), leg.latchedRtp(), leg.sdpRtp(), "RTP",
                stats(st.rtpPackets(), st.rtpBytes(), st.errors() + st.drops(), st)));
        streams.add(stream(leg.rtcpPort(), leg.latchedRtcp(), null, "RTCP", stats(st.rtcpPackets(), st.rtcpBytes(), 0, null)));
        media.put("streams", streams);
        d.put("medias", List.of(media));
        return d;
    }

    private static Map<String, Object> stream(int port, InetSocketAddress latched, InetSocketAddress advertised, String kind,
                                              Map<String, Object> stats) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("local port", (long) port);
        InetSocketAddress endpoint = latched != null ? latched : advertised;
        if (endpoint != null) {
            d.put("endpoint", endpoint(endpoint));
        }
        if (advertised != null) {
            d.put("advertised endpoint", endpoint(advertised));
        }
        List<Object> flags = new ArrayList<>(List.of(kind));
        if (latched != null) {
            flags.add("confirmed");
        }
        d.put("flags", flags);
        d.put("stats", stats);
        return d;
    }

    private static Map<String, Object> endpoint(InetSocketAddress a) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("family", a.getAddress() instanceof java.net.Inet6Address ? "IPv6" : "IPv4");
        d.put("address", a.getAddress().getHostAddress());
        d.put("port", (long) a.getPort());
        return d;
    }

    private static Map<String, Object> stats(long packets, long bytes, long errors, LegStats extra) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("packets", packets);
        d.put("bytes", bytes);
        d.put("errors", errors);
        if (extra != null) {
            d.put("drops", extra.drops());
            d.put("sequence gaps", extra.sequenceGaps());
        }
        return d;
    }
}
