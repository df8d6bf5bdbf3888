package io.switchboard.media.ng;

import io.switchboard.common.ng.NgCommand;
import io.switchboard.common.ng.NgProtocolException;
import io.switchboard.common.sdp.SdpException;
import io.switchboard.common.sdp.SessionDescription;
import io.switchboard.media.record.CallRecorder;
import io.switchboard.media.record.Recording;
import io.switchboard.media.relay.RelayLeg;
import io.switchboard.media.relay.RelayLeg.MuxOffer;
import io.switchboard.media.relay.RelaySession;
import io.switchboard.media.relay.RelaySessions;
import io.switchboard.media.relay.SessionLimitException;
import io.switchboard.media.relay.WebRtcLeg;
import io.switchboard.media.webrtc.WebRtcMedia;
import io.switchboard.common.sdp.MediaDescription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes ng commands against the relay sessions; no sockets here. Semantics follow rtpengine:
 * the offer's SDP is the offerer's (from-tag) and the SDP it returns goes to the answerer, carrying
 * the port of the answerer-facing leg; the answer's SDP is the answerer's (to-tag) and the SDP it
 * returns goes back to the offerer, carrying the port of the offerer-facing leg. Both legs are
 * opened by the first offer, so early media from the callee has a port to go to.
 */
public final class NgControl {
    private static final Logger LOG = LoggerFactory.getLogger(NgControl.class);

    private final RelaySessions sessions;
    private final String privateAddress;
    /** The inventory may change it while the node runs (its row's public IP wins over node.public-address). */
    private volatile String publicAddress;
    private final CallRecorder recorder;
    private final boolean recordAll;
    private final WebRtcMedia webrtc;

    /**
     * @param publicAddress "" when this node has none
     * @param recorder      null when recording is impossible on this node
     */
    public NgControl(RelaySessions sessions, String privateAddress, String publicAddress, CallRecorder recorder, boolean recordAll) {
        this(sessions, privateAddress, publicAddress, recorder, recordAll, new WebRtcMedia(new java.security.SecureRandom()));
    }

    /** @param webrtc the node's DTLS identity and handshake threads, for WebRTC legs */
    public NgControl(RelaySessions sessions, String privateAddress, String publicAddress, CallRecorder recorder, boolean recordAll,
                     WebRtcMedia webrtc) {
        this.webrtc = webrtc;
        this.sessions = sessions;
        this.privateAddress = privateAddress;
        this.publicAddress = publicAddress == null ? "" : publicAddress;
        this.recorder = recorder;
        this.recordAll = recordAll;
        sessions.onRemoved((s, reason) -> stopRecording(s));
    }

    public Map<String, Object> execute(NgCommand c) {
        try {
            return switch (c.name()) {
                case PING -> reply("pong");
                case OFFER -> offer(c);
                case ANSWER -> answer(c);
                case DELETE -> delete(c);
                case QUERY -> query(c);
                case START_RECORDING -> startRecording(c);
                case STOP_RECORDING -> stopRecording(c);
            };
        } catch (SdpException e) {
            return error(e.getMessage());
        } catch (SessionLimitException | NgProtocolException e) {
            return error(e.getMessage());
        }
    }

    static Map<String, Object> reply(String result) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("result", result);
        return r;
    }

    public static Map<String, Object> error(String reason) {
        Map<String, Object> r = reply("error");
        r.put("error-reason", reason);
        return r;
    }

    private Map<String, Object> offer(NgCommand c) {
        SessionDescription sdp = SessionDescription.parse(c.sdp());
        SdpRewriter.Endpoint endpoint = SdpRewriter.endpoint(sdp, c.mediaAddress());
        MediaDescription offered = SdpRewriter.relayed(sdp);
        boolean offererWebRtc = WebRtcNegotiation.isWebRtc(offered);
        boolean webRtcWanted = WebRtcNegotiation.wanted(c);
        boolean offererMux = RtcpMuxNegotiation.offererMuxes(endpoint.rtcpMux(), c);
        if (offererWebRtc && !offererMux) {
            throw new NgProtocolException("DTLS-SRTP (WebRTC) media without a=rtcp-mux is not supported (RFC 8834 §5.1.3)");
        }
        // Browsers refuse an offer they cannot multiplex: no fallback port for a WebRTC answerer.
        MuxOffer toAnswerer = webRtcWanted ? MuxOffer.REQUIRED : RtcpMuxNegotiation.toAnswerer(endpoint.rtcpMux(), c);
        RelaySession s = sessions.find(c.callId());
        boolean created = false;
        if (s == null) {
            // RTCP sockets known to be needed are bound now; a leg offered mux binds its own at the
            // answer if the answer declines, a muxed leg never.
            s = sessions.create(c.callId(), c.fromTag(), !offererMux, toAnswerer == MuxOffer.NONE);
            created = true;
            s.caller().setAdvertisedAddress(advertised(c.direction(), 0));
            s.callee().setAdvertisedAddress(advertised(c.direction(), 1));
            s.describeMedia(endpoint.mediaType(), endpoint.protocol());
        }
        RelayLeg offerer = s.legOf(c.fromTag());
        if (offerer == null) {
            throw new NgProtocolException("call '" + c.callId() + "' exists with tags '" + s.caller().tag() + "' and '"
                    + s.callee().tag() + "', not from-tag '" + c.fromTag() + "'");
        }
        RelayLeg answerer = offerer == s.caller() ? s.callee() : s.caller();
        // A re-offer towards a browser stays WebRTC whatever ng says.
        boolean answererWebRtc = webRtcWanted || answerer.webrtc() != null;
        if (answererWebRtc) {
            toAnswerer = MuxOffer.REQUIRED;
        }
        // Our answer to the offerer will say what it accepted: a transfer target gets that SDP too.
        offerer.setMuxOffer(offererMux ? MuxOffer.OFFERED : MuxOffer.NONE);
        offerer.setRemote(endpoint.rtp(), endpoint.rtcp(), offererMux);
        offerer.setEventPayloadTypes(SdpRewriter.telephoneEvents(sdp));
        if (!offererMux) {
            sessions.openRtcp(s, offerer);
        }
        int rtcpPort = RtcpMuxNegotiation.offeredRtcpPort(answerer.port(), toAnswerer, answerer.rtcpMux());
        answerer.setMuxOffer(toAnswerer);
        if (toAnswerer == MuxOffer.NONE) {
            // Not offered, so the answerer cannot accept it: its RTCP will use port+1.
            sessions.openRtcp(s, answerer);
        }
        // SDES: the offerer's key decrypts what it sends; the SDP to the answerer is in the answerer's own
        // profile (plain RTP unless it spoke SRTP to us before, e.g. a re-offer towards an SRTP caller).
        // DTLS-SRTP: the offerer's leg is a WebRTC one (ICE-lite, DTLS keys); its SDP's WebRTC attributes
        // stay away from a plain answerer.
        if (offererWebRtc) {
            WebRtcLeg w = offerer.useWebRtc(c.callId(), webrtc);
            String theirSetup = WebRtcNegotiation.setup(sdp, offered);
            w.setMid(WebRtcNegotiation.mid(offered).orElse("0"));
            w.setOurSetup(WebRtcNegotiation.answerSetup(theirSetup));
            w.expect(WebRtcNegotiation.fingerprint(sdp, offered), theirSetup.equals("passive"));
        } else {
            offerer.useSrtp(SrtpNegotiation.offered(offered).map(o -> SrtpNegotiation.profile(o, offerer.srtp())).orElse(null));
        }
        if (answererWebRtc) {
            answerer.useWebRtc(c.callId(), webrtc).setOurSetup("actpass");
            offered.removeAttributes("crypto"::equals);
        } else {
            if (offererWebRtc) {
                WebRtcNegotiation.toPlain(sdp, offered);
            }
            answerer.useSrtp(SrtpNegotiation.towardsAnswerer(answerer.srtp(), c.transportProtocol(), c.flag("osrtp-offer")));
            SrtpNegotiation.shape(offered, answerer.srtp());
        }
        SdpRewriter.rewrite(sdp, answerer.advertisedAddress(), answerer.port(), toAnswerer != MuxOffer.NONE,
                rtcpPort, c.replace().contains("origin"));
        if (answererWebRtc) {
            WebRtcNegotiation.toWebRtc(sdp, offered, answerer.webrtc(), webrtc.identity().fingerprint(), "actpass",
                    answerer.advertisedAddress(), answerer.port());
        }
        String out = sdp.write();
        s.signalled(System.currentTimeMillis());
        if (created) {
            LOG.debug("[{}] offer from-tag {}: caller {} -> port {}{}, callee port {}{}", c.callId(), c.fromTag(), endpoint.rtp(),
                    s.caller().port(), offererMux ? " (rtcp-mux)" : "", s.callee().port(),
                    toAnswerer == MuxOffer.NONE ? "" : " (rtcp-mux " + toAnswerer.name().toLowerCase(java.util.Locale.ROOT) + ")");
        } else {
            LOG.debug("[{}] re-offer from-tag {}: endpoint {}", c.callId(), c.fromTag(), endpoint.rtp());
        }
        Map<String, Object> r = reply("ok");
        r.put("sdp", out);
        if (created && (recordAll || c.recordCall()) && s.recording() == null && !startRecording(s)) {
            r.put("warning", "recording not started (see the media server log)");
        }
        return r;
    }

    private Map<String, Object> answer(NgCommand c) {
        RelaySession s = sessions.find(c.callId());
        if (s == null) {
            return error("Unknown call-id '" + c.callId() + "'");
        }
        SessionDescription sdp = SessionDescription.parse(c.sdp());
        SdpRewriter.Endpoint endpoint = SdpRewriter.endpoint(sdp, c.mediaAddress());
        RelayLeg answerer = s.legOf(c.toTag());
        if (answerer == null && c.replaceTag() != null) {
            // Blind transfer: the leg of the party that left is handed to the new one, so the
            // party that stays keeps sending to the same port and needs no re-INVITE.
            answerer = s.legOf(c.replaceTag());
            if (answerer == null) {
                return error("call '" + c.callId() + "' has no leg with tag '" + c.replaceTag() + "' to replace");
            }
            answerer.handOver(c.toTag());
            LOG.debug("[{}] leg of tag {} handed to tag {}", c.callId(), c.replaceTag(), c.toTag());
        }
        if (answerer == null) {
            if (!s.callee().tag().isEmpty()) {
                return error("call '" + c.callId() + "' is answered by to-tag '" + s.callee().tag() + "', not '" + c.toTag() + "'");
            }
            answerer = s.callee();
            answerer.setTag(c.toTag());
        }
        RelayLeg offerer = answerer == s.caller() ? s.callee() : s.caller();
        boolean answererMux = RtcpMuxNegotiation.answererMuxes(answerer.muxOffer(), endpoint.rtcpMux());
        answerer.setRemote(endpoint.rtp(), endpoint.rtcp(), answererMux);
        answerer.setEventPayloadTypes(SdpRewriter.telephoneEvents(sdp));
        if (!answererMux) {
            // Declined (or not offered): the fallback port named in the offer is bound only now.
            sessions.openRtcp(s, answerer);
        }
        // The answerer's own key, if its answer is SRTP (only to an SRTP offer of ours); our answer to the
        // offerer carries the crypto line it chose with our key, or plain RTP.
        RelayLeg answering = answerer;
        MediaDescription answered = SdpRewriter.relayed(sdp);
        boolean answeredWebRtc = WebRtcNegotiation.isWebRtc(answered);
        if (answering.webrtc() != null) {
            if (!answeredWebRtc) {
                throw new NgProtocolException("the WebRTC answerer answered " + answered.protocol() + ", not DTLS-SRTP");
            }
            answering.webrtc().expect(WebRtcNegotiation.fingerprint(sdp, answered), WebRtcNegotiation.setup(sdp, answered).equals("passive"));
        } else {
            answering.useSrtp(SrtpNegotiation.offered(answered).map(o -> SrtpNegotiation.profile(o, answering.srtp())).orElse(null));
        }
        WebRtcLeg towards = offerer.webrtc();
        if (towards == null) {
            if (answeredWebRtc) {
                WebRtcNegotiation.toPlain(sdp, answered);
            }
            SrtpNegotiation.shape(answered, offerer.srtp());
        } else {
            answered.removeAttributes("crypto"::equals);
        }
        SdpRewriter.rewrite(sdp, offerer.advertisedAddress(), offerer.port(), offerer.rtcpMux(),
                RtcpMuxNegotiation.answeredRtcpPort(offerer.port(), offerer.rtcpMux()), c.replace().contains("origin"));
        if (towards != null) {
            WebRtcNegotiation.toWebRtc(sdp, answered, towards, webrtc.identity().fingerprint(), towards.ourSetup(),
                    offerer.advertisedAddress(), offerer.port());
        }
        String out = sdp.write();
        s.signalled(System.currentTimeMillis());
        LOG.debug("[{}] answer to-tag {}: callee {} -> port {}{}", c.callId(), c.toTag(), endpoint.rtp(), answerer.port(),
                answererMux ? " (rtcp-mux)" : "");
        Map<String, Object> r = reply("ok");
        r.put("sdp", out);
        return r;
    }

    private Map<String, Object> delete(NgCommand c) {
        RelaySession s = sessions.remove(c.callId(), "delete");
        if (s == null) {
            if (c.flag("fatal")) {
                return error("Unknown call-id '" + c.callId() + "'");
            }
            Map<String, Object> r = reply("ok");
            r.put("warning", "Call-ID not found");
            return r;
        }
        LOG.debug("[{}] deleted: {}", c.callId(), s.totals());
        Map<String, Object> r = reply("ok");
        StatsReport.addTo(r, s);
        return r;
    }

    private Map<String, Object> query(NgCommand c) {
        RelaySession s = sessions.find(c.callId());
        if (s == null) {
            return error("Unknown call-id '" + c.callId() + "'");
        }
        Map<String, Object> r = reply("ok");
        StatsReport.addTo(r, s);
        return r;
    }

    private Map<String, Object> startRecording(NgCommand c) {
        RelaySession s = sessions.find(c.callId());
        if (s == null) {
            return error("Unknown call-id '" + c.callId() + "'");
        }
        if (s.recording() == null && !startRecording(s)) {
            return error("recording could not be started (see the media server log)");
        }
        return reply("ok");
    }

    private synchronized boolean startRecording(RelaySession s) {
        if (recorder == null) {
            return false;
        }
        Recording r = recorder.start(s.callId(), s.caller().tag());
        if (r == null) {
            return false;
        }
        s.recording(r);
        s.tap(r);
        return true;
    }

    private Map<String, Object> stopRecording(NgCommand c) {
        RelaySession s = sessions.find(c.callId());
        if (s == null) {
            return error("Unknown call-id '" + c.callId() + "'");
        }
        stopRecording(s);
        return reply("ok");
    }

    private synchronized void stopRecording(RelaySession s) {
        if (s.recording() instanceof Recording r) {
            s.tap(null);
            s.recording(null);
            r.stop();
        }
    }

    /** The public IP offered to peers outside from now on; "" = none (the private one is offered to everyone). */
    public void publicAddress(String address) {
        this.publicAddress = address == null ? "" : address;
    }

    public String publicAddress() {
        return publicAddress;
    }

    /** direction[i] names the network of side i; "public"/"pub"/"external" pick the public address when there is one. */
    private String advertised(List<String> direction, int side) {
        if (direction.size() > side) {
            String d = direction.get(side).toLowerCase(Locale.ROOT);
            if (List.of("private", "priv", "internal").contains(d)) {
                return privateAddress;
            }
            if (List.of("public", "pub", "external").contains(d) && !publicAddress.isEmpty()) {
                return publicAddress;
            }
        }
        return publicAddress.isEmpty() ? privateAddress : publicAddress;
    }
}
