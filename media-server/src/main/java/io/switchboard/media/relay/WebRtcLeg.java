package io.switchboard.media.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.switchboard.media.webrtc.DtlsFingerprint;
import io.switchboard.media.webrtc.DtlsSession;
import io.switchboard.media.webrtc.DtlsSrtpKeys;
import io.switchboard.media.webrtc.IceCredentials;
import io.switchboard.media.webrtc.StunBinding;
import io.switchboard.media.webrtc.StunResponder;
import io.switchboard.media.webrtc.WebRtcMedia;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebRTC side of a leg whose endpoint is a browser (or any ICE + DTLS-SRTP endpoint): this node is
 * an ICE-lite agent (RFC 8445 §2.5) with one host candidate, the leg's port, and terminates DTLS-SRTP
 * (RFC 5764) there, so what the relay passes on is plain RTP, encrypted again by SDES or not at all
 * towards the other leg.
 *
 * <p>The port carries STUN, DTLS and SRTP/SRTCP (RFC 7983 demultiplexing by first byte). The leg
 * latches only on a connectivity check that authenticates with our ICE password (not on the first
 * packet, as plain legs do), so a stranger cannot take the port before the browser. The browser, the
 * controlling agent, then starts DTLS; until the handshake's keys are in and the certificate matched
 * its SDP fingerprint, nothing is relayed from or to it.
 */
public final class WebRtcLeg {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcLeg.class);
    private static final int STUN_RESPONSE_BYTES = 128;

    private final RelayLeg leg;
    private final IceCredentials local;
    /** Event loop only. */
    private final StunResponder stun;
    private final DtlsSession dtls;
    private final String callId;
    private volatile DtlsFingerprint expected;
    private volatile DtlsSrtpKeys keys;
    private volatile boolean client;
    private volatile String mid = "0";
    private volatile String ourSetup = "passive";
    private long checks;

    WebRtcLeg(RelayLeg leg, String callId, WebRtcMedia media) {
        this.leg = leg;
        this.callId = callId;
        this.local = media.newCredentials();
        this.stun = new StunResponder(local.ufrag().getBytes(StandardCharsets.US_ASCII), local.password().getBytes(StandardCharsets.US_ASCII));
        this.dtls = new DtlsSession(media.identity(), media.handshakes(), this::sendDtls, new DtlsSession.Outcome() {
            @Override
            public void keys(DtlsSrtpKeys k) {
                keys = k;
                install();
            }

            @Override
            public void failed(String reason) {
                LOG.warn("[{}] DTLS handshake with {} failed: {}", callId, leg.latchedRtp(), reason);
            }
        });
    }

    /** Our ICE username fragment and password for this leg's SDP. */
    public IceCredentials credentials() {
        return local;
    }

    /** The mid (RFC 8843) of the relayed m= line: the endpoint's in its offer, ours ("0") in our offer. */
    public String mid() {
        return mid;
    }

    public void setMid(String mid) {
        this.mid = mid;
    }

    /** The a=setup this node states in its SDP to the endpoint: passive or active in an answer, actpass in an offer. */
    public String ourSetup() {
        return ourSetup;
    }

    public void setOurSetup(String setup) {
        this.ourSetup = setup;
    }

    /**
     * What the endpoint's SDP said: its certificate's fingerprint, and whether it is the DTLS server
     * ({@code passive}), which makes us the client once its connectivity check latched the leg.
     */
    public void expect(DtlsFingerprint fingerprint, boolean endpointIsServer) {
        this.expected = fingerprint;
        if (endpointIsServer && !client) {
            client = true;
            if (leg.latchedRtp() != null) {
                dtls.startAsClient();
            }
        }
        install();
    }

    /** Whether the handshake is done and its certificate matched: media flows. */
    public boolean secured() {
        DtlsSrtpKeys k = keys;
        DtlsFingerprint f = expected;
        return k != null && f != null && k.presented(f);
    }

    /** Keys are used once both the handshake and the endpoint's SDP are in, whichever came last. */
    private synchronized void install() {
        DtlsSrtpKeys k = keys;
        DtlsFingerprint f = expected;
        if (k == null || f == null || leg.srtpOut != null) {
            return;
        }
        if (!k.presented(f)) {
            LOG.warn("[{}] the DTLS certificate of {} is not the one its SDP names ({}): no media to or from it", callId,
                    leg.latchedRtp(), f);
            return;
        }
        leg.useDtlsKeys(k);
        LOG.debug("[{}] DTLS-SRTP with {} established ({})", callId, leg.latchedRtp(), k.sending().suite());
    }

    /**
     * Packet path for what a plain leg would not take: STUN (answered here), DTLS (to the handshake),
     * and anything before the leg is latched by a check (dropped). Owns {@code packet}.
     */
    void receive(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf buf = packet.content();
        try {
            int off = buf.readerIndex();
            int len = buf.readableBytes();
            InetSocketAddress sender = packet.sender();
            if (StunBinding.isStun(buf, off, len)) {
                answerCheck(ctx.channel(), buf, off, len, sender);
                return;
            }
            int first = len > 0 ? buf.getUnsignedByte(off) : 0;
            if (first >= 20 && first <= 63 && sender.equals(leg.rtpLatch.peer())) {
                dtls.receive(buf);
                return;
            }
            leg.strangerDrops++;
        } finally {
            buf.release();
        }
    }

    private void answerCheck(Channel ch, ByteBuf req, int off, int len, InetSocketAddress sender) {
        StunResponder.Check check = stun.check(req, off, len);
        switch (check) {
            case BINDING_REQUEST, BINDING_REQUEST_USE_CANDIDATE -> {
                boolean latchedNow = leg.rtpLatch.peer() == null;
                if (!leg.rtpLatch.admit(sender, ch)) {
                    leg.strangerDrops++;
                    return;
                }
                checks++;
                ByteBuf out = ch.alloc().directBuffer(STUN_RESPONSE_BYTES);
                stun.writeSuccess(req, off, out, sender);
                write(ch, out, sender);
                if (latchedNow && client) {
                    dtls.startAsClient();
                }
            }
            case UNAUTHORIZED -> {
                ByteBuf out = ch.alloc().directBuffer(STUN_RESPONSE_BYTES);
                stun.writeError(req, off, out, 401, "Unauthorized");
                write(ch, out, sender);
                leg.strangerDrops++;
            }
            default -> leg.strangerDrops++;
        }
    }

    private void write(Channel ch, ByteBuf out, InetSocketAddress to) {
        if (leg.rtpLatch.connected() && to.equals(leg.rtpLatch.peer())) {
            ch.writeAndFlush(out, ch.voidPromise());
        } else {
            ch.writeAndFlush(new DatagramPacket(out, to), ch.voidPromise());
        }
    }

    /** From a DTLS thread: one record to the latched endpoint. */
    private void sendDtls(byte[] record) {
        Channel ch = leg.rtp;
        InetSocketAddress to = leg.rtpLatch.peer();
        if (ch == null || to == null) {
            return;
        }
        ByteBuf out = Unpooled.wrappedBuffer(record);
        ch.eventLoop().execute(() -> write(ch, out, to));
    }

    /** Connectivity checks answered (statistics). */
    public long checks() {
        return checks;
    }

    void close() {
        dtls.close();
    }
}
