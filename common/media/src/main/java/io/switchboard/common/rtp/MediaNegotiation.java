package io.switchboard.common.rtp;

import io.switchboard.common.codec.Codec;
import io.switchboard.common.codec.CodecRegistry;
import io.switchboard.common.codec.RtpMap;
import io.switchboard.common.sdp.MediaDescription;
import io.switchboard.common.sdp.SessionDescription;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SDP offer/answer (RFC 3264) for a worker's single audio stream. Answering takes the first audio
 * stream we can serve and the first of its formats we run (the offerer's preference order, section
 * 6.1), keeps the offerer's telephone-event payload type (RFC 4733 section 7.1), mirrors the
 * direction and rtcp-mux (RFC 5761), and rejects every other stream with port 0 (section 6). When
 * nothing is common the answer rejects all streams and {@link Answer#media()} is empty: signaling
 * then answers 488. Offering lists our codecs and telephone-event 101.
 */
public final class MediaNegotiation {
    public static final int PTIME_MS = 20;
    public static final int OFFERED_EVENT_PT = 101;
    private static final String PROFILE = "RTP/AVP";
    private static final AtomicLong SESSION_IDS = new AtomicLong(System.currentTimeMillis());

    private final CodecRegistry codecs;

    /** Our SDP and, when a stream was accepted, what the endpoint is to run. */
    public record Answer(SessionDescription sdp, Optional<NegotiatedMedia> media) {
    }

    public MediaNegotiation(CodecRegistry codecs) {
        this.codecs = codecs;
    }

    public Answer answer(SessionDescription offer, String localAddress, int localPort) {
        StringBuilder sdp = sessionHeader(localAddress);
        NegotiatedMedia chosen = null;
        for (MediaDescription m : offer.media()) {
            Optional<NegotiatedMedia> accepted = chosen == null ? accept(offer, m) : Optional.empty();
            if (accepted.isEmpty()) {
                sdp.append("m=").append(m.media()).append(" 0 ").append(m.protocol()).append(' ')
                        .append(String.join(" ", m.formats())).append("\r\n");
                continue;
            }
            chosen = accepted.get();
            List<String> formats = new ArrayList<>();
            formats.add(Integer.toString(chosen.payloadType()));
            if (chosen.hasTelephoneEvent()) {
                formats.add(Integer.toString(chosen.telephoneEventPayloadType()));
            }
            sdp.append("m=audio ").append(localPort).append(' ').append(PROFILE).append(' ')
                    .append(String.join(" ", formats)).append("\r\n");
            Codec c = chosen.codec();
            sdp.append("a=rtpmap:").append(rtpmapValue(chosen.payloadType(), c.name(), c.rtpClockRate(), c.channels())).append("\r\n");
            if (c.fmtp() != null) {
                sdp.append("a=fmtp:").append(chosen.payloadType()).append(' ').append(c.fmtp()).append("\r\n");
            }
            if (chosen.hasTelephoneEvent()) {
                sdp.append("a=rtpmap:").append(chosen.telephoneEventPayloadType()).append(" telephone-event/8000\r\n");
                sdp.append("a=fmtp:").append(chosen.telephoneEventPayloadType()).append(" 0-15\r\n");
            }
            sdp.append("a=ptime:").append(PTIME_MS).append("\r\n");
            if (chosen.rtcpMux()) {
                sdp.append("a=rtcp-mux\r\n");
            }
            sdp.append("a=").append(chosen.direction()).append("\r\n");
        }
        return new Answer(SessionDescription.parse(sdp.toString()), Optional.ofNullable(chosen));
    }

    /** Our offer: one audio stream with every codec we run, then telephone-event. */
    public SessionDescription offer(String localAddress, int localPort) {
        StringBuilder sdp = sessionHeader(localAddress);
        List<String> formats = new ArrayList<>();
        StringBuilder attrs = new StringBuilder();
        int dynamic = 96;
        for (CodecRegistry.Entry e : codecs.entries()) {
            int pt = e.staticPayloadType() >= 0 ? e.staticPayloadType() : dynamic++;
            formats.add(Integer.toString(pt));
            attrs.append("a=rtpmap:").append(rtpmapValue(pt, e.name(), e.clockRate(), e.channels())).append("\r\n");
            if (e.fmtp() != null) {
                attrs.append("a=fmtp:").append(pt).append(' ').append(e.fmtp()).append("\r\n");
            }
        }
        formats.add(Integer.toString(OFFERED_EVENT_PT));
        attrs.append("a=rtpmap:").append(OFFERED_EVENT_PT).append(" telephone-event/8000\r\n");
        attrs.append("a=fmtp:").append(OFFERED_EVENT_PT).append(" 0-15\r\n");
        sdp.append("m=audio ").append(localPort).append(' ').append(PROFILE).append(' ').append(String.join(" ", formats)).append("\r\n");
        sdp.append(attrs).append("a=ptime:").append(PTIME_MS).append("\r\na=sendrecv\r\n");
        return SessionDescription.parse(sdp.toString());
    }

    /** Reads the peer's answer to our {@link #offer}: empty when it rejected the stream (port 0) or chose nothing we run. */
    public Optional<NegotiatedMedia> answered(SessionDescription answer) {
        for (MediaDescription m : answer.media()) {
            Optional<NegotiatedMedia> media = accept(answer, m);
            if (media.isPresent()) {
                return media;
            }
        }
        return Optional.empty();
    }

    private Optional<NegotiatedMedia> accept(SessionDescription sdp, MediaDescription m) {
        if (!m.media().equals("audio") || m.port() == 0 || !m.protocol().equals(PROFILE)) {
            return Optional.empty();
        }
        Optional<String> host = sdp.connectionOf(m).map(c -> c.host());
        if (host.isEmpty()) {
            return Optional.empty();
        }
        Codec codec = null;
        int pt = -1;
        int eventPt = -1;
        for (String f : m.formats()) {
            if (!f.matches("\\d{1,3}")) {
                continue;
            }
            int p = Integer.parseInt(f);
            Optional<RtpMap> map = rtpMap(m, p);
            if (map.isEmpty()) {
                continue;
            }
            if (map.get().sameFormat("telephone-event", 8000)) {
                eventPt = eventPt < 0 ? p : eventPt;
            } else if (codec == null) {
                Optional<Codec> c = codecs.create(map.get());
                if (c.isPresent()) {
                    codec = c.get();
                    pt = p;
                }
            }
        }
        if (codec == null) {
            return Optional.empty();
        }
        InetSocketAddress rtp = new InetSocketAddress(host.get(), m.port());
        boolean mux = m.rtcpMux();
        int rtcpPort = mux ? m.port() : m.rtcpPort().orElse(m.port() + 1);
        InetSocketAddress rtcp = new InetSocketAddress(m.rtcpAddress().orElse(host.get()), rtcpPort);
        return Optional.of(new NegotiatedMedia(codec, pt, eventPt, rtp, rtcp, mux, PTIME_MS, mirror(sdp, m)));
    }

    /** Like {@link RtpMap#attributeValue()} but keeping the codec's spelling ({@code opus/48000/2} as RFC 7587 writes it). */
    private static String rtpmapValue(int pt, String name, int clockRate, int channels) {
        return pt + " " + name + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }

    private static Optional<RtpMap> rtpMap(MediaDescription m, int pt) {
        for (String v : m.attributes("rtpmap")) {
            Optional<RtpMap> map = RtpMap.parse(v);
            if (map.isPresent() && map.get().payloadType() == pt) {
                return map;
            }
        }
        return RtpMap.staticType(pt);
    }

    /** RFC 3264 section 6.1: sendonly is answered recvonly and the reverse; the session level applies when the stream says nothing. */
    private static String mirror(SessionDescription sdp, MediaDescription m) {
        String theirs = m.direction().or(() -> sdp.sessionLines().stream()
                .filter(l -> l.type() == 'a' && MediaDescription.DIRECTIONS.contains(l.value()))
                .map(l -> l.value()).findFirst()).orElse("sendrecv");
        return switch (theirs) {
            case "sendonly" -> "recvonly";
            case "recvonly" -> "sendonly";
            default -> theirs;
        };
    }

    private static StringBuilder sessionHeader(String localAddress) {
        String addrType = localAddress.contains(":") ? "IP6" : "IP4";
        return new StringBuilder(256).append("v=0\r\n")
                .append("o=switchboard ").append(SESSION_IDS.incrementAndGet()).append(" 1 IN ").append(addrType).append(' ')
                .append(localAddress).append("\r\n")
                .append("s=switchboard\r\n")
                .append("c=IN ").append(addrType).append(' ').append(localAddress).append("\r\n")
                .append("t=0 0\r\n");
    }
}
