package io.switchboard.loadtest.bench;

import io.switchboard.common.ng.NgClient;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens relay sessions with ng offer/answer for an RTP generator, the same way against our media
 * server and rtpengine, so both are measured with identical commands.
 */
public final class NgSessions {
    private static final Pattern M_LINE = Pattern.compile("m=audio (\\d+) ");

    /** The generator side: one caller and one callee socket per session. */
    public interface Legs {
        int sessions() throws Exception;

        /** Opens the two local sockets of the next session: {caller port, callee port}. */
        int[] openSession() throws Exception;

        void connect(int session, int callerSendsTo, int calleeSendsTo) throws Exception;

        /**
         * The session's caller leg speaks SDES-SRTP: it sends with {@code callerSends} (its offer) and
         * hears what the relay encrypts with {@code callerHears} (the relay's answer).
         */
        default void srtp(int session, io.switchboard.media.srtp.SrtpKey callerSends, io.switchboard.media.srtp.SrtpKey callerHears)
                throws Exception {
            throw new UnsupportedOperationException("this generator does not do SRTP");
        }
    }

    private static final Pattern CRYPTO = Pattern.compile("a=crypto:\\d+ (\\S+) (inline:\\S+)");
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private NgSessions() {
    }

    /** Opens sessions up to {@code target}, four ng round trips at a time, and points the legs at the relay. */
    public static void open(Legs gen, NgClient ng, InetSocketAddress server, int target, String callIdPrefix) throws Exception {
        open(gen, ng, server, target, callIdPrefix, false);
    }

    /**
     * As {@link #open(Legs, NgClient, InetSocketAddress, int, String)}; with {@code srtp} each caller
     * offers SDES-SRTP (RTP/SAVP, AES_CM_128_HMAC_SHA1_80, a key of its own) and the callee is offered
     * plain RTP ({@code transport-protocol: RTP/AVP}): the relay decrypts one way and encrypts the other.
     */
    public static void open(Legs gen, NgClient ng, InetSocketAddress server, int target, String callIdPrefix, boolean srtp)
            throws Exception {
        int first = gen.sessions();
        List<int[]> local = new ArrayList<>();
        for (int s = first; s < target; s++) {
            local.add(gen.openSession());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> relayPorts = new ArrayList<>();
            for (int s = first; s < target; s++) {
                int session = s;
                int[] ports = local.get(s - first);
                relayPorts.add(pool.submit(() -> offerAnswer(gen, ng, server, callIdPrefix + session, session, ports[0], ports[1],
                        srtp)));
            }
            for (int s = first; s < target; s++) {
                int[] p = relayPorts.get(s - first).get();
                gen.connect(s, p[0], p[1]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Returns {port the caller sends to, port the callee sends to}. */
    private static int[] offerAnswer(Legs gen, NgClient ng, InetSocketAddress server, String callId, int s, int callerPort,
                                     int calleePort, boolean srtp) throws Exception {
        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put("command", "offer");
        offer.put("call-id", callId);
        offer.put("from-tag", "caller-" + s);
        io.switchboard.media.srtp.SrtpKey callerKey = null;
        if (srtp) {
            callerKey = io.switchboard.media.srtp.SrtpKey.random(io.switchboard.media.srtp.SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
            offer.put("sdp", sdp(callerPort).replace("RTP/AVP", "RTP/SAVP") + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
                    + callerKey.keyParams() + "\r\n");
            offer.put("transport-protocol", "RTP/AVP");
        } else {
            offer.put("sdp", sdp(callerPort));
        }
        int calleeSendsTo = port(ng.callOk(server, offer));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("command", "answer");
        answer.put("call-id", callId);
        answer.put("from-tag", "caller-" + s);
        answer.put("to-tag", "callee-" + s);
        answer.put("sdp", sdp(calleePort));
        Map<String, Object> answered = ng.callOk(server, answer);
        int callerSendsTo = port(answered);
        if (srtp) {
            Matcher m = CRYPTO.matcher(String.valueOf(answered.get("sdp")));
            if (!m.find()) {
                throw new IllegalStateException("the relay answered an SRTP offer without a=crypto: " + answered);
            }
            gen.srtp(s, callerKey, io.switchboard.media.srtp.SrtpKey.parse(
                    io.switchboard.media.srtp.SrtpSuite.of(m.group(1)).orElseThrow(), m.group(2)));
        }
        return new int[] {callerSendsTo, calleeSendsTo};
    }

    private static String sdp(int port) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    private static int port(Map<String, Object> reply) {
        Matcher m = M_LINE.matcher(String.valueOf(reply.get("sdp")));
        if (!m.find()) {
            throw new IllegalStateException("no m=audio port in ng reply " + reply);
        }
        return Integer.parseInt(m.group(1));
    }
}
