package io.switchboard.media.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * One side of a relayed call: the port pair this node reserved for one endpoint, what that endpoint's
 * SDP said, the latches, and the counters of what arrived from it. Counters are plain fields written
 * only by the leg's event loop and read by statistics and metrics (eventually consistent, no tearing
 * on a 64-bit JVM).
 *
 * <p>The RTP socket (even port) is bound when the leg is opened. The RTCP socket (port+1) is bound
 * only once the leg is known not to multiplex RTCP (RFC 5761): a leg that agreed to rtcp-mux never
 * binds it, and RTCP to and from its endpoint shares the RTP socket (docs/ARCHITECTURE.md, "Relay ports").
 */
public final class RelayLeg {
    /**
     * What the last SDP this node sent to the leg's endpoint said about rtcp-mux (RFC 5761 section
     * 5.1.1): what its answer may accept. A transfer target gets that same SDP, so its answer is
     * judged by it too.
     */
    public enum MuxOffer {
        /** Not offered: the endpoint cannot accept it, its RTCP uses port+1. */
        NONE,
        /** Offered (or accepted in our answer to its offer): its answer decides. */
        OFFERED,
        /** Offered without a fallback RTCP port (ng {@code rtcp-mux: [require]}): muxed whatever the answer says. */
        REQUIRED
    }

    /** 0 for the caller-facing leg (the offer's from-tag), 1 for the callee-facing leg. */
    final int side;
    final int port;
    /** The event loop of both of this leg's channels (and of its peer's); null only in plain-object tests. */
    final EventLoop loop;
    final Latch rtpLatch = new Latch();
    final Latch rtcpLatch = new Latch();
    Channel rtp;
    /** Null until the leg turns out to need a separate RTCP port; written by control, read by the event loop for RTCP only. */
    volatile Channel rtcp;
    RelayLeg peer;

    private volatile String tag;
    private volatile InetSocketAddress sdpRtp;
    private volatile InetSocketAddress sdpRtcp;
    /** RTCP to and from this endpoint shares the RTP port (RFC 5761 rtcp-mux, agreed in offer/answer). */
    private volatile boolean rtcpMux;
    private volatile MuxOffer muxOffer = MuxOffer.NONE;
    /**
     * RTCP may arrive on the RTP port: mux agreed, or offered (its endpoint may send muxed RTCP as
     * soon as it answers, before the answer reaches us). The one field the packet path reads for it.
     */
    private volatile boolean rtcpOnRtpPort;
    private volatile String advertisedAddress;
    volatile MediaTap tap;
    /** SDES-SRTP with this leg's endpoint (null: plain RTP): written by control, the streams read by the event loop. */
    private volatile io.switchboard.media.srtp.SrtpProfile srtp;
    /** Decrypts what this leg's endpoint sends; null for plain RTP. Event loop only once published. */
    volatile io.switchboard.media.srtp.SrtpStream srtpIn;
    /** Encrypts what is sent to this leg's endpoint; null for plain RTP. */
    volatile io.switchboard.media.srtp.SrtpStream srtpOut;
    /**
     * SRTP was offered to this leg's endpoint and its answer is not in yet: what it sends now may be SRTP
     * under a key we do not know, or plain. Dropped rather than passed on as noise (milliseconds, between
     * its 200 and the answer reaching us).
     */
    volatile boolean srtpPending;
    /** ICE-lite and DTLS-SRTP with a WebRTC endpoint; null for a plain or SDES leg. Written by control. */
    volatile WebRtcLeg webrtc;

    long rtpPackets;
    long rtpBytes;
    long rtcpPackets;
    long rtcpBytes;
    /** Datagrams from an address other than the latched one (before the kernel filters them). */
    long strangerDrops;
    /** Datagrams with nowhere to go: the other endpoint's address is not known yet. */
    long noRouteDrops;
    /** Datagrams dropped because the other leg's socket buffer was full. */
    long congestionDrops;
    /** Socket errors on this leg's channels (ICMP port unreachable included). */
    long errors;
    /** SRTP packets from this endpoint that failed authentication or replay checks, or could not be protected towards it. */
    long srtpDrops;
    long sequenceGaps;
    /** RFC 4733 packets of a digit pressed for the party this call was transferred away from. */
    long staleDigitDrops;
    private int maxSeq = -1;
    /** Bit n set: dynamic payload type 96 + n is telephone-event in this endpoint's SDP. */
    volatile int eventPayloadTypes;
    /** RTP timestamp of the last telephone-event from this endpoint (one event keeps one timestamp). Event loop only. */
    volatile long lastEventTimestamp = -1;
    /** Events with this timestamp began before a hand-over of the other leg and are not passed on. */
    volatile long suppressedEventTimestamp = -1;

    RelayLeg(int side, int port) {
        this(side, port, null);
    }

    RelayLeg(int side, int port, EventLoop loop) {
        this.side = side;
        this.port = port;
        this.loop = loop;
    }

    public int port() {
        return port;
    }

    /** The SRTP profile agreed with this leg's endpoint, or null for plain RTP. */
    public io.switchboard.media.srtp.SrtpProfile srtp() {
        return srtp;
    }

    /**
     * Speaks {@code profile} with this leg's endpoint from now on (null: plain RTP). A profile with the
     * same keys as before keeps its streams, so a re-INVITE does not reset the rollover counters and
     * replay windows (RFC 3711 §3.3.1).
     */
    public void useSrtp(io.switchboard.media.srtp.SrtpProfile profile) {
        io.switchboard.media.srtp.SrtpProfile before = srtp;
        if (profile == null) {
            srtpIn = null;
            srtpOut = null;
        } else {
            if (profile.theirs() == null) {
                srtpIn = null; // our offer awaits its answer: nothing from it can be decrypted yet
            } else if (before == null || !profile.theirs().equals(before.theirs())) {
                srtpIn = io.switchboard.media.srtp.SrtpStream.decrypting(profile.theirs());
            }
            if (before == null || !before.ours().equals(profile.ours())) {
                srtpOut = io.switchboard.media.srtp.SrtpStream.encrypting(profile.ours());
            }
        }
        srtpPending = profile != null && profile.theirs() == null;
        srtp = profile;
    }

    /**
     * Makes this a WebRTC leg (kept across re-offers): ICE-lite checks latch it, DTLS-SRTP keys it, and
     * until then nothing is relayed from or to it.
     */
    public WebRtcLeg useWebRtc(String callId, io.switchboard.media.webrtc.WebRtcMedia media) {
        WebRtcLeg w = webrtc;
        if (w == null) {
            srtp = null;
            srtpIn = null;
            srtpOut = null;
            srtpPending = true;
            w = new WebRtcLeg(this, callId, media);
            webrtc = w;
        }
        return w;
    }

    /** The WebRTC side of this leg, or null. */
    public WebRtcLeg webrtc() {
        return webrtc;
    }

    /** From the DTLS thread once the handshake's certificate matched the SDP: SRTP from now on. */
    void useDtlsKeys(io.switchboard.media.webrtc.DtlsSrtpKeys keys) {
        srtpOut = io.switchboard.media.srtp.SrtpStream.encrypting(keys.sending());
        srtpIn = io.switchboard.media.srtp.SrtpStream.decrypting(keys.receiving());
        srtpPending = false;
    }

    /** Where RTCP from this leg's endpoint arrives: the RTP port itself with rtcp-mux, else port+1. */
    public int rtcpPort() {
        return rtcpMux ? port : port + 1;
    }

    /** Whether this leg's RTCP socket (port+1) is open. */
    public boolean hasRtcpSocket() {
        return rtcp != null;
    }

    public String tag() {
        return tag;
    }

    public void setTag(String tag) {
        this.tag = tag;
    }

    /**
     * Where this leg's endpoint said it receives (its SDP); used until its first packet latches it.
     * {@code rtcpMux}: RTCP to and from it shares the RTP port. A leg that is not muxed needs its
     * RTCP socket, which the caller opens ({@link RelaySessions#openRtcp}).
     */
    public void setRemote(InetSocketAddress rtp, InetSocketAddress rtcp, boolean rtcpMux) {
        this.sdpRtp = rtp;
        this.sdpRtcp = rtcp;
        this.rtcpMux = rtcpMux;
        this.rtcpOnRtpPort = rtcpMux || muxOffer != MuxOffer.NONE;
    }

    /** Records what the SDP this node sends to the leg's endpoint says about rtcp-mux. */
    public void setMuxOffer(MuxOffer offer) {
        this.muxOffer = offer;
        this.rtcpOnRtpPort = rtcpMux || offer != MuxOffer.NONE;
    }

    public MuxOffer muxOffer() {
        return muxOffer;
    }

    /** Packet path: classify RTCP by packet type on the RTP port (RFC 5761 section 4). */
    boolean rtcpOnRtpPort() {
        return rtcpOnRtpPort;
    }

    /**
     * Hands this leg to another endpoint (blind transfer): new tag, and both ports latch afresh. The
     * digit the other endpoint pressed to ask for the transfer (an IVR menu choice) is still being
     * sent, end packets repeated (RFC 4733 §2.5.1.4): it was meant for the party that left, so the
     * rest of that event is dropped instead of reaching the new party.
     */
    public void handOver(String newTag) {
        if (peer != null) {
            peer.suppressedEventTimestamp = peer.lastEventTimestamp;
        }
        this.tag = newTag;
        rtpLatch.reset(rtp.eventLoop(), rtp, sdpRtp);
        rtcpLatch.reset(rtp.eventLoop(), rtcp, rtcpDestination());
    }

    /** The dynamic payload types this endpoint's SDP maps to telephone-event (RFC 4733 §7.1.1). */
    public void setEventPayloadTypes(java.util.Collection<Integer> payloadTypes) {
        int mask = 0;
        for (int pt : payloadTypes) {
            if (pt >= 96 && pt <= 127) {
                mask |= 1 << (pt - 96);
            }
        }
        this.eventPayloadTypes = mask;
    }

    /** Whether {@code payloadType} is telephone-event in this endpoint's SDP: one volatile read per packet. */
    boolean isEvent(int payloadType) {
        return payloadType >= 96 && (eventPayloadTypes & (1 << (payloadType - 96))) != 0;
    }

    /** {@link #isEvent} then {@link #passesEvent(long)}: true for anything but a stale digit. */
    boolean passesEvent(int payloadType, long timestamp) {
        return !isEvent(payloadType) || passesEvent(timestamp);
    }

    /** False for the rest of a telephone-event (its RTP timestamp) that started before the other leg was handed over. */
    boolean passesEvent(long timestamp) {
        if (timestamp == suppressedEventTimestamp) {
            staleDigitDrops++;
            return false;
        }
        lastEventTimestamp = timestamp;
        return true;
    }

    /** The address of this node that this leg's endpoint is told to send to. */
    public String advertisedAddress() {
        return advertisedAddress;
    }

    public void setAdvertisedAddress(String address) {
        this.advertisedAddress = address;
    }

    public InetSocketAddress sdpRtp() {
        return sdpRtp;
    }

    public boolean rtcpMux() {
        return rtcpMux;
    }

    public InetSocketAddress latchedRtp() {
        return rtpLatch.peer();
    }

    /** The far end RTCP comes from: the RTP port's latch with rtcp-mux. */
    public InetSocketAddress latchedRtcp() {
        return rtcpMux ? rtpLatch.peer() : rtcpLatch.peer();
    }

    public LegStats stats() {
        return new LegStats(rtpPackets, rtpBytes, rtcpPackets, rtcpBytes,
                strangerDrops + noRouteDrops + congestionDrops + srtpDrops, errors, sequenceGaps);
    }

    long packets() {
        return rtpPackets + rtcpPackets;
    }

    /** RFC 3550 appendix A.1, reduced: count the sequence numbers skipped; tolerate reordering and restarts. */
    void trackSequence(int seq) {
        if (maxSeq < 0) {
            maxSeq = seq;
            return;
        }
        int delta = (seq - maxSeq) & 0xffff;
        if (delta == 0 || delta >= 0x8000) {
            return;
        }
        if (delta < 3000) {
            sequenceGaps += delta - 1;
        }
        maxSeq = seq;
    }

    /**
     * Sends a datagram that arrived on the other leg out of this leg's socket to this leg's endpoint.
     * Takes ownership of {@code buf}: it is written (Netty releases it) or released here.
     *
     * @return false when it was dropped (the caller counts it)
     */
    boolean send(ByteBuf buf, boolean isRtcp, RelayLeg from) {
        boolean viaRtp = !isRtcp || rtcpMux;
        Channel ch = viaRtp ? rtp : rtcp;
        if (ch == null) {
            // RTCP for an endpoint whose mux offer is not answered yet: no RTCP socket to send it from.
            from.noRouteDrops++;
            buf.release();
            return false;
        }
        Latch latch = viaRtp ? rtpLatch : rtcpLatch;
        if (!ch.isWritable()) {
            from.congestionDrops++;
            buf.release();
            return false;
        }
        io.switchboard.media.srtp.SrtpStream out = srtpOut;
        if (out == null && srtpPending && webrtc != null) {
            // A WebRTC endpoint before its DTLS keys: nothing in clear.
            srtpDrops++;
            buf.release();
            return false;
        }
        if (out != null) {
            if (buf.maxWritableBytes() < io.switchboard.media.srtp.SrtpStream.MAX_OVERHEAD_BYTES) {
                // An epoll read is a slice exactly the datagram's size: the tag needs room, so the SRTP
                // path takes one pooled buffer per packet (the plain path none).
                ByteBuf room = ch.alloc().directBuffer(buf.readableBytes() + io.switchboard.media.srtp.SrtpStream.MAX_OVERHEAD_BYTES);
                room.writeBytes(buf, buf.readerIndex(), buf.readableBytes());
                buf.release();
                buf = room;
            }
            if (!(isRtcp ? out.protectRtcp(buf) : out.protectRtp(buf))) {
                srtpDrops++;
                buf.release();
                return false;
            }
        }
        if (latch.connected()) {
            ch.writeAndFlush(buf, ch.voidPromise());
            return true;
        }
        InetSocketAddress to = viaRtp ? sdpRtp : rtcpDestination();
        if (to == null) {
            from.noRouteDrops++;
            buf.release();
            return false;
        }
        // Only until the endpoint's first packet latches it: then the channel is connected.
        ch.writeAndFlush(new DatagramPacket(buf, to), ch.voidPromise());
        return true;
    }

    private InetSocketAddress rtcpDestination() {
        if (sdpRtcp != null) {
            return sdpRtcp;
        }
        InetSocketAddress latched = rtpLatch.peer();
        return latched == null ? null : new InetSocketAddress(latched.getAddress(), latched.getPort() + 1);
    }

    void close() {
        WebRtcLeg w = webrtc;
        if (w != null) {
            w.close();
        }
        if (rtp != null) {
            rtp.close();
        }
        Channel c = rtcp;
        if (c != null) {
            c.close();
        }
    }
}
