package io.switchboard.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The SIPp scenarios kept under {@code src/main/resources/sipp/}. */
public enum SippScenario {
    /** REGISTER, 401, REGISTER with digest credentials, 200 listing the binding (RFC 3261 §10.2). */
    REGISTER("register.xml"),
    /** Register, refresh, query without Contact, unregister with Expires: 0 (RFC 3261 §10.2.1-§10.2.4). */
    REREGISTER_QUERY_UNREGISTER("register-reregister-query-unregister.xml"),
    /** Credentials with a wrong password: 401 is the only answer the call accepts. */
    WRONG_PASSWORD("register-wrong-password.xml"),
    /** OPTIONS answered 200 (RFC 3261 §11). */
    OPTIONS("options.xml"),

    // Calls through the B2BUA. The caller is 1 extension from -inf (field0, field1 = its
    // [authentication] keyword), the callee the -key callee; every caller answers the 407 first.
    /** Caller: INVITE, 407, INVITE with credentials, 200, ACK, RTP from rtp.ulaw for the pause, BYE. */
    CALLER_HANGS_UP("call-caller-hangs-up.xml"),
    /** Caller: as {@link #CALLER_HANGS_UP} but silent, then waits for the callee's BYE. */
    CALLER_AWAITS_BYE("call-caller-awaits-bye.xml"),
    /** Caller: a late offer (no SDP in the INVITEs), our offer in the 200 checked, its answer in the ACK, RTP, BYE. */
    CALLER_LATE_OFFER("call-caller-late-offer.xml"),
    /** Caller: asks for a 90 s session timer as refresher (RFC 4028), never refreshes, waits for our BYE. */
    CALLER_NEVER_REFRESHES("call-caller-never-refreshes.xml"),
    /** Callee: answers without Session-Expires, takes our refresh re-INVITE, waits for BYE. */
    CALLEE_REFRESHED("call-callee-refreshed.xml"),
    /** Callee: a reliable 183 with SDP (Require: 100rel, RSeq), the PRACK checked and answered, 200, ACK, BYE (RFC 3262). */
    CALLEE_RELIABLE_183("call-callee-reliable-183.xml"),
    /** Caller: places the call and leaves after the ACK, without BYE (another process speaks for it). */
    CALLER_PLACES_CALL("call-caller-places-call.xml"),
    /** Caller: CANCEL after the 180; 200 to the CANCEL, 487 to the INVITE, ACK (RFC 3261 §9.1). */
    CALLER_CANCELS("call-caller-cancels.xml"),
    /** Caller: the INVITE with credentials gets the final status {@code {{status}}}, then ACK. */
    CALLER_REJECTED("call-caller-rejected.xml"),
    /** Caller: the INVITE with credentials carries an SDP body that does not parse: 400. */
    CALLER_BAD_SDP("call-caller-bad-sdp.xml"),
    /** Caller: 503 with a Retry-After header (RFC 3261 §21.5.4). */
    CALLER_SERVICE_UNAVAILABLE("call-caller-service-unavailable.xml"),
    /** Caller: a wrong password in Proxy-Authorization is challenged again; a 200 fails the call. */
    CALLER_WRONG_PASSWORD("call-caller-wrong-password.xml"),
    /** A cluster worker (-key worker) rings -key callee with no credentials: 200, ACK, BYE; a 407 fails it. */
    WORKER_RINGS_AGENT("call-worker-rings-agent.xml"),
    /** Caller: answered, re-INVITE a=sendonly (hold), re-INVITE a=sendrecv (resume), BYE (RFC 3264 §8.4). */
    CALLER_HOLDS_AND_RESUMES("call-caller-holds-and-resumes.xml"),
    /** A phone that takes a party's place by INVITE with Replaces (-key replaces), then awaits the BYE. */
    NEWCOMER_REPLACES("call-newcomer-replaces.xml"),
    /** Callee: 180, 200 with SDP, ACK, waits for BYE. Run with -rtp_echo to send the caller's RTP back. */
    CALLEE_ANSWERS("call-callee-answers.xml"),
    /** Callee: answers and leaves after the ACK, its port free for a test socket that speaks for it. */
    CALLEE_ANSWERS_AND_LEAVES("call-callee-answers-and-leaves.xml"),
    /** Callee: 180, 200, ACK, then sends BYE itself after the pause. */
    CALLEE_HANGS_UP("call-callee-hangs-up.xml"),
    /** A trunk provider's registrar: 401, then 200 granting 60 s to the right credentials, 403 to wrong ones. */
    TRUNK_PROVIDER_REGISTRAR("trunk-provider-registrar.xml"),
    /** A trunk provider's registrar after a restart: the refresh is challenged and granted, then the unregister (Expires: 0) is challenged and checked. */
    TRUNK_PROVIDER_REGISTRAR_RESTARTED("trunk-provider-registrar-restarted.xml"),
    /** A trunk provider's registrar that is down: 503 to every REGISTER. */
    TRUNK_PROVIDER_UNAVAILABLE("trunk-provider-unavailable.xml"),
    /** A provider delivering a call for {{did}} over a trunk (no digest), with RTP, hung up by the provider. */
    TRUNK_PROVIDER_CALLS("trunk-provider-calls.xml"),
    /** A provider's INVITE refused with {{status}}, then ACK. */
    TRUNK_PROVIDER_CALL_REFUSED("trunk-provider-call-refused.xml"),
    /** A provider taking an outbound call for {{number}}: 401, checked credentials, 180, 200, BYE from the caller. */
    TRUNK_PROVIDER_ANSWERS("trunk-provider-answers.xml"),
    /** A provider answering an outbound INVITE with {{status}} {{reason}}, then ACK. */
    TRUNK_PROVIDER_REFUSES("trunk-provider-refuses.xml"),
    /** Callee: 486 Busy Here, ACK. */
    CALLEE_BUSY("call-callee-busy.xml"),
    /** Callee: only 180; then the CANCEL, answered 200, and 487 to the INVITE, ACK. */
    CALLEE_RINGS_UNTIL_CANCEL("call-callee-rings-until-cancel.xml"),
    /** Callee: answers, then two re-INVITEs (sendonly, sendrecv) whose SDP points at the relay, BYE. */
    CALLEE_HELD_AND_RESUMED("call-callee-held-and-resumed.xml");

    private final String file;

    SippScenario(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)}}");

    /** SIPp reads scenarios from files, not from the classpath: copies this one into {@code dir}. */
    public Path copyTo(Path dir) {
        return copyTo(dir, Map.of());
    }

    /** {@code {{relay-address}}} when a run does not say: the relay is on loopback, as every test's but the lab's. */
    public static final String LOOPBACK_RELAY = "127\\.0\\.0\\.1";

    /** Copies the scenario with every {@code {{name}}} replaced by its value; a placeholder left without one is an error. */
    public Path copyTo(Path dir, Map<String, String> given) {
        Map<String, String> values = new java.util.HashMap<>(given);
        values.putIfAbsent("relay-address", LOOPBACK_RELAY);
        Path target = dir.resolve(file);
        try (InputStream in = SippScenario.class.getResourceAsStream("/sipp/" + file)) {
            if (in == null) {
                throw new IllegalStateException("scenario sipp/" + file + " is not on the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder(text.length());
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("scenario " + file + " needs a value for {{" + m.group(1) + "}}");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            Files.writeString(target, out, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy scenario " + file + " to " + dir, e);
        }
        return target;
    }
}
