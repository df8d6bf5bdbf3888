package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.common.ivr.IvrAppParser;
import io.switchboard.ivr.IvrServer;
import io.switchboard.ivr.IvrSettings;
import io.switchboard.ivr.call.IvrMeters;
import io.switchboard.media.MediaServer;
import io.switchboard.media.relay.RelaySession;
import io.switchboard.signaling.SignalingServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IVR server as a SIP application server behind signaling, with real SIPp phones: signaling,
 * one media node and one IVR node in this JVM and one Hazelcast cluster, on loopback with ephemeral
 * ports. The caller 1001 dials the demo on 8000 (through the relay, like any call), hears the
 * prompt and presses keys as SIP INFO application/dtmf-relay; a key bound to an extension makes the
 * IVR REFER the caller there (RFC 3515, RFC 5589 §6). Every test ends with no IVR session, no call
 * and no relay session left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class IvrSippTest {
    private static final String CALLER = "1001";
    private static final int USERS = 20;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final String RELAY_PORT = "40[0-9]{3}";
    /** A menu that gives up fast: short prompt, 1 s to choose, one retry. */
    private static final String QUICK_APP = """
            name: quick
            number: "8001"
            start: main
            menus:
              main:
                prompt: goodbye
                overall-timeout: 1s
                inter-digit-timeout: 1s
                timeout-prompt: timeout
                goodbye-prompt: goodbye
                retries: 1
                digits:
                  "0": repeat
            """;

    Path dir;
    SippLab lab;
    SignalingServer server;
    AdminClient admin;
    MediaServer media;
    IvrServer ivr;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        lab = SippLab.start(dir, USERS, 40000, 40499);
        server = lab.server;
        admin = lab.admin;
        media = lab.media;
        Map<String, String> keys = WorkerKeys.loopback("ivr", "ivr-a", 41000, 41199, dir.resolve("data-ivr-a"));
        ivr = lab.own(IvrServer.embedded(IvrSettings.load(keys), "loadtest", System.out, server.hazelcast()));
        ivr.apps().put(IvrAppParser.parse(QUICK_APP, Set.of("goodbye", "timeout")));
        lab.awaitOnline("ivr", 1, SETTLE);
        assertThat(ivr.apps().byNumber("8000")).as("demo application stored at start").isPresent();
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void keyTwoRefersCallerToExtension1002WhoSeesTheCallerInFrom_rfc5589_6() throws Exception {
        IvrMeters m = ivr.calls().meters();
        long transfers = m.transfersDone();
        int port = register("1002");
        SippProcess target = startWithRelay(phone("1002", port, "target").rtpEcho(), "transfer-target-answers.xml",
                Map.of("transferee", CALLER));
        SippRuns.awaitBound(port);

        SippProcess caller = startWithRelay(caller("8000", "transfer-caller"), "ivr-caller-presses-key.xml",
                Map.of("key", "2", "before-key", "1500", "after-key", "3000"));
        assertPromptRtpReachesTheRelay();

        SippResult a = caller.await();
        SippResult b = target.await();
        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(b.allSucceeded()).as(b.describe()).isTrue();
        assertThat(m.transfersDone() - transfers).as("transfers by REFER").isEqualTo(1);
        assertNoLeak();
    }

    @Test
    void invalidKeyPlaysInvalidThenTheMenuAgain() throws Exception {
        IvrMeters m = ivr.calls().meters();
        long invalid = m.timesPlayed("invalid");
        long welcome = m.timesPlayed("demo-welcome");
        SippProcess caller = startWithRelay(caller("8000", "invalid-caller"), "ivr-caller-presses-key.xml",
                Map.of("key", "#", "before-key", "1000", "after-key", "4000"));
        assertPromptRtpReachesTheRelay();
        SippResult a = caller.await();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(m.timesPlayed("invalid") - invalid).as("invalid prompts").isEqualTo(1);
        assertThat(m.timesPlayed("demo-welcome") - welcome).as("menu prompts: first and after invalid").isEqualTo(2);
        assertNoLeak();
    }

    @Test
    void noInputUntilTheRetriesAreUsedUpAndTheIvrHangsUp() throws Exception {
        IvrMeters m = ivr.calls().meters();
        long timeouts = m.timesPlayed("timeout");
        Sipp run = Sipp.scenario(SippScenario.CALLER_AWAITS_BYE, server.sipPort(), dir.resolve("sipp-silent-caller"))
                .injection(callerInjection()).localPort(Sipp.freeLocalPort(SippTransport.UDP))
                .mediaPort(Sipp.freeMediaPortBlock()).key("callee", "8001").placeholder("relay-port", RELAY_PORT)
                .recvTimeout(Duration.ofSeconds(20)).timeout(RUN_TIMEOUT);
        SippResult a = run.run();

        assertThat(a.allSucceeded()).as("the caller got the IVR's BYE: %s", a.describe()).isTrue();
        assertThat(m.timesPlayed("timeout") - timeouts).as("timeout prompts").isEqualTo(1);
        assertNoLeak();
    }

    @Test
    void keyForAnUnreachableExtensionPlaysTransferFailedAndTheMenuAgain_rfc3515_2_4_5() throws Exception {
        IvrMeters m = ivr.calls().meters();
        long failed = m.transfersFailed();
        long notice = m.timesPlayed("transfer-failed");
        long welcome = m.timesPlayed("demo-welcome");
        // 1009 is provisioned but never registers: signaling NOTIFYs a 480 sipfrag.
        SippProcess caller = startWithRelay(caller("8000", "xfer-fail-caller"), "ivr-caller-presses-key.xml",
                Map.of("key", "9", "before-key", "1000", "after-key", "4500"));
        SippResult a = caller.await();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(m.transfersFailed() - failed).as("failed transfers").isEqualTo(1);
        assertThat(m.timesPlayed("transfer-failed") - notice).as("transfer-failed prompts").isEqualTo(1);
        assertThat(m.timesPlayed("demo-welcome") - welcome).as("menu prompts: first and after the failure").isEqualTo(2);
        assertNoLeak();
    }

    @Test
    void rfc4733KeyFromTheCallersRtpIsTaken_rfc4733_2_3() throws Exception {
        IvrMeters m = ivr.calls().meters();
        long digits = m.digitsReceived();
        long invalid = m.timesPlayed("invalid");
        long welcome = m.timesPlayed("demo-welcome");
        Sipp run = caller("8000", "rfc4733-caller");
        writeDtmfPcap(run.workDir().resolve("dtmf.pcap"), 0);
        SippProcess caller = startWithRelay(run, "ivr-caller-sends-rfc4733.xml", Map.of("before-key", "1000", "after-key", "2500"));
        SippResult a = caller.await();

        assertThat(a.allSucceeded()).as(a.describe()).isTrue();
        assertThat(m.digitsReceived() - digits).as("keys received as telephone-events").isEqualTo(1);
        assertThat(m.timesPlayed("invalid") - invalid).as("invalid prompts").isZero();
        assertThat(m.timesPlayed("demo-welcome") - welcome).as("menu prompts: first and the repeat ('0')").isEqualTo(2);
        assertNoLeak();
    }

    // ---- helpers ----

    /** While the caller listens: RTP from the IVR's endpoint arrives at the relay's callee leg. */
    private void assertPromptRtpReachesTheRelay() {
        RelaySession session = await().atMost(SETTLE).until(
                () -> media.sessions().all().stream().findFirst().orElse(null), s -> s != null);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(session.callee().stats().rtpPackets())
                .as("prompt RTP packets from the IVR node").isGreaterThan(10));
    }

    private void assertNoLeak() {
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(ivr.calls().size()).as("IVR sessions").isZero();
            assertThat(ivr.rtp().inUse()).as("IVR RTP port pairs").isZero();
            assertThat(server.calls().activeCalls()).as("active calls").isZero();
            assertThat(media.sessions().size()).as("relay sessions").isZero();
        });
    }

    private int register(String ext) {
        return SippRuns.register(server, dir, ext, RUN_TIMEOUT);
    }

    private Sipp phone(String ext, int port, String name) {
        return Sipp.scenario(SippScenario.CALLEE_ANSWERS, server.sipPort(), dir.resolve("sipp-" + name))
                .localPort(port).mediaPort(Sipp.freeMediaPortBlock()).key("callee", ext)
                .recvTimeout(Duration.ofSeconds(20)).timeout(RUN_TIMEOUT);
    }

    private Path callerInjection() {
        Path inf = dir.resolve("inf-caller.csv");
        if (!Files.exists(inf)) {
            UserCsv.writeInjection(inf, Long.parseLong(CALLER), 1, UserCsv::password);
        }
        return inf;
    }

    /** The caller 1001 streaming PCMU from the answer on. */
    private Sipp caller(String number, String name) {
        Sipp caller = Sipp.scenario(SippScenario.CALLER_HANGS_UP, server.sipPort(), dir.resolve("sipp-" + name))
                .injection(callerInjection()).localPort(Sipp.freeLocalPort(SippTransport.UDP))
                .mediaPort(Sipp.freeMediaPortBlock()).key("callee", number)
                .recvTimeout(Duration.ofSeconds(20)).timeout(RUN_TIMEOUT);
        Sipp.writePcmu(caller.workDir().resolve("rtp.ulaw"));
        return caller;
    }


    /**
     * A pcap (Ethernet/IPv4/UDP) SIPp replays from the caller's media port: 1 s of PCMU, then key
     * {@code event} as RFC 4733 §2.3 packets (marker on the first, growing duration, three with the
     * end bit), then PCMU again; 20 ms apart. SIPp rewrites the addresses and ports.
     */
    private static void writeDtmfPcap(Path file, int event) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.nio.ByteBuffer global = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        global.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(global.array());
        int seq = 1000;
        long ts = 160_000;
        long micros = 0;
        byte[] silence = new byte[160];
        java.util.Arrays.fill(silence, (byte) 0xff);
        for (int i = 0; i < 50; i++, seq++, ts += 160, micros += 20_000) {
            out.writeBytes(pcapRecord(micros, rtp(0, false, seq, ts, silence)));
        }
        long eventTs = ts;
        for (int i = 1; i <= 10; i++, seq++, micros += 20_000) {
            boolean end = i > 7;
            int duration = 160 * Math.min(i, 8);
            byte[] payload = {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
            out.writeBytes(pcapRecord(micros, rtp(101, i == 1, seq, eventTs, payload)));
        }
        ts = eventTs + 160 * 8;
        for (int i = 0; i < 25; i++, seq++, ts += 160, micros += 20_000) {
            out.writeBytes(pcapRecord(micros, rtp(0, false, seq, ts, silence)));
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] rtp(int pt, boolean marker, int seq, long ts, byte[] payload) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq).putInt((int) ts).putInt(0x4d1a2b3c)
                .put(payload);
        return b.array();
    }

    private static byte[] pcapRecord(long micros, byte[] rtp) {
        int udpLen = 8 + rtp.length;
        int ipLen = 20 + udpLen;
        java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(14 + ipLen);
        frame.put(new byte[12]).putShort((short) 0x0800);
        frame.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
        frame.putShort((short) 6000).putShort((short) 6002).putShort((short) udpLen).putShort((short) 0).put(rtp);
        java.nio.ByteBuffer rec = java.nio.ByteBuffer.allocate(16 + frame.capacity()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        rec.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.capacity()).putInt(frame.capacity());
        rec.put(frame.array());
        return rec.array();
    }

    /** A scenario whose SDP checks expect the relay's ports ({@code {{relay-port}}}). */
    private static SippProcess startWithRelay(Sipp run, String file, Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("relay-port", RELAY_PORT);
        return SippRuns.start(run, file, all);
    }
}
