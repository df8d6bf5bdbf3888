package io.switchboard.loadtest.phone;

import static org.awaitility.Awaitility.await;

import io.switchboard.ivr.IvrServer;
import io.switchboard.ivr.IvrSettings;
import io.switchboard.loadtest.AdminClient;
import io.switchboard.loadtest.LocalMedia;
import io.switchboard.loadtest.LocalSignaling;
import io.switchboard.loadtest.WorkerKeys;
import io.switchboard.media.MediaServer;
import io.switchboard.signaling.SignalingServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What the real-phone tests dial: signaling bound to a non-default loopback address (127.0.0.41), a
 * media node and the IVR server with its demo application on 8000 (digit N transfers to 100N), in one
 * cluster, each test class on its own relay and IVR port ranges.
 */
final class PhoneLab implements AutoCloseable {
    static final String ADDRESS = "127.0.0.41";
    /** The two phones of the baresip tests: Alice speaks a 400 Hz tone, Bob 800 Hz, so each can tell the other's. */
    static final String ALICE = "1001";
    static final String BOB = "1002";
    static final int ALICE_HZ = 400;
    static final int BOB_HZ = 800;
    private static final Map<String, String> FAST_HEARTBEAT = Map.of("cluster.heartbeat", "250ms");

    final SignalingServer server;
    final MediaServer media;
    final IvrServer ivr;
    final AdminClient admin;

    private PhoneLab(SignalingServer server, MediaServer media, IvrServer ivr) {
        this.server = server;
        this.media = media;
        this.ivr = ivr;
        this.admin = new AdminClient(server.httpPort(), server.adminPassword());
    }

    /** Starts the three roles; relay ports {@code mediaFrom}+0..99, IVR RTP ports {@code ivrFrom}+0..99. */
    static PhoneLab start(Path dir, String name, int mediaFrom, int ivrFrom, Duration settle) throws Exception {
        return start(dir, name, mediaFrom, ivrFrom, settle, Map.of());
    }

    /** As {@link #start(Path, String, int, int, Duration)} with more signaling keys (e.g. {@code sip.tls.*}). */
    static PhoneLab start(Path dir, String name, int mediaFrom, int ivrFrom, Duration settle, Map<String, String> keys)
            throws Exception {
        Map<String, String> all = new java.util.HashMap<>(Map.of("sip.address", ADDRESS, "cluster.heartbeat", "250ms"));
        all.putAll(keys);
        SignalingServer server = LocalSignaling.start(dir.resolve("data"), all, System.out);
        MediaServer media = null;
        try {
            media = LocalMedia.start("media-" + name, server.hazelcast(), mediaFrom, mediaFrom + 99, dir.resolve("media"),
                    FAST_HEARTBEAT, System.out);
            Map<String, String> ivrKeys = WorkerKeys.on(ADDRESS, "ivr", "ivr-" + name, ivrFrom, ivrFrom + 99, dir.resolve("ivr"));
            IvrServer ivr = IvrServer.embedded(IvrSettings.load(ivrKeys), "loadtest", System.out, server.hazelcast());
            PhoneLab lab = new PhoneLab(server, media, ivr);
            await().atMost(settle).until(() -> lab.admin.nodes("media").stream().anyMatch(AdminClient.Node::online)
                    && lab.admin.nodes("ivr").stream().anyMatch(AdminClient.Node::online));
            return lab;
        } catch (Exception | Error e) {
            closeAll(media, server);
            throw e;
        }
    }

    /**
     * As {@link #start(Path, String, int, int, Duration)} with SIP over TLS: a test CA made here (its
     * certificate in {@code dir/ca.pem}, for the phones' sip_cafile) signs signaling's certificate for
     * 127.0.0.41.
     */
    static PhoneLab startWithTls(Path dir, String name, int mediaFrom, int ivrFrom, Duration settle) throws Exception {
        return startWithTls(dir, name, mediaFrom, ivrFrom, settle, Map.of());
    }

    /** As {@link #startWithTls(Path, String, int, int, Duration)} with more signaling keys (e.g. {@code sip.websocket.*}). */
    static PhoneLab startWithTls(Path dir, String name, int mediaFrom, int ivrFrom, Duration settle, Map<String, String> keys)
            throws Exception {
        io.switchboard.loadtest.TestCertificates certs = io.switchboard.loadtest.TestCertificates.write(dir, ADDRESS);
        Map<String, String> all = new java.util.HashMap<>(Map.of("sip.tls.certificate", certs.certificate().toString(),
                "sip.tls.private-key", certs.privateKey().toString(), "sip.tls.port", "0"));
        all.putAll(keys);
        return start(dir, name, mediaFrom, ivrFrom, settle, all);
    }

    /** The signaling server, for what the lab does not wrap. */
    SignalingServer server() {
        return server;
    }

    /** Where phones register and send their requests: {@code 127.0.0.41:port}. */
    String hostPort() {
        return ADDRESS + ":" + server.sipPort();
    }

    /** Alice's user in signaling and her baresip, registering from {@code dir/alice}. */
    Baresip alice(Path dir) throws Exception {
        return baresip(dir, "Alice", ALICE, ALICE_HZ);
    }

    /** Bob's user in signaling and his baresip, registering from {@code dir/bob}. */
    Baresip bob(Path dir) throws Exception {
        return baresip(dir, "Bob", BOB, BOB_HZ);
    }

    private Baresip baresip(Path dir, String name, String extension, int hz) throws Exception {
        String password = name + "-Hq8z-" + extension;
        server.users().create(extension, password, name);
        return Baresip.start(dir.resolve(name.toLowerCase(Locale.ROOT)), extension, password, hostPort(), hz);
    }

    /**
     * Alice's user and her baresip with {@code options}: over TLS it registers to
     * {@code 127.0.0.41:tls-port}, else to {@link #hostPort()}.
     */
    Baresip alice(Path dir, Baresip.Options options) throws Exception {
        String password = "Alice-Hq8z-" + ALICE;
        server.users().create(ALICE, password, "Alice");
        String registrar = options.transport().equals("tls") ? ADDRESS + ":" + server.sipTlsPort() : hostPort();
        return Baresip.start(dir.resolve("alice-" + options.transport() + options.mediaenc().map(m -> "-" + m).orElse("")
                        + (options.opus() ? "-opus" : "")),
                ALICE, password, registrar, ALICE_HZ, options);
    }

    /**
     * {@code from} (Alice or Bob) dials {@code number}, the call runs 3 s, {@code hangsUp} ends it;
     * returns its CDR, checked answered and about 3 s long.
     */
    AdminClient.CallDetail call(Baresip alice, Baresip bob, Baresip from, String number, Baresip hangsUp, Duration settle)
            throws Exception {
        awaitRegistered(ALICE, settle);
        awaitRegistered(BOB, settle);
        alice.forgetRecordings();
        bob.forgetRecordings();
        int before = admin.cdrs().size();
        io.switchboard.signaling.call.CallStore calls = new io.switchboard.signaling.call.CallStore(server.hazelcast());
        from.dial(number);
        await().atMost(settle).until(() -> calls.all().stream()
                .anyMatch(c -> c.state() == io.switchboard.signaling.call.CallState.ANSWERED));
        Thread.sleep(3000);
        hangsUp.hangUp();
        await().atMost(settle).until(() -> admin.cdrs().size() > before && server.calls().activeCalls() == 0);
        AdminClient.CallDetail cdr = admin.cdrs().get(0);
        org.assertj.core.api.Assertions.assertThat(cdr.disposition()).isEqualTo("ANSWERED");
        // A BYE that found us: the call lasted about the 3 s it was held, not the 32 s of a lost ACK.
        org.assertj.core.api.Assertions.assertThat(cdr.durationMillis()).as("%s", cdr).isBetween(2_500L, 10_000L);
        return cdr;
    }

    /** Alice heard Bob's tone and Bob heard Alice's in their latest call (checked by frequency). */
    void assertTwoWayAudio(Baresip alice, Baresip bob, Duration settle) {
        await().atMost(settle).untilAsserted(() -> {
            Tone.Heard byAlice = Tone.measure(alice.lastHeard());
            Tone.Heard byBob = Tone.measure(bob.lastHeard());
            org.assertj.core.api.Assertions.assertThat(byAlice.rms()).as("Alice hears something: %s", byAlice).isGreaterThan(1000);
            org.assertj.core.api.Assertions.assertThat(byAlice.hz()).as("Alice hears Bob's tone: %s", byAlice)
                    .isBetween(BOB_HZ - 20.0, BOB_HZ + 20.0);
            org.assertj.core.api.Assertions.assertThat(byBob.rms()).as("Bob hears something: %s", byBob).isGreaterThan(1000);
            org.assertj.core.api.Assertions.assertThat(byBob.hz()).as("Bob hears Alice's tone: %s", byBob)
                    .isBetween(ALICE_HZ - 20.0, ALICE_HZ + 20.0);
        });
    }

    void awaitRegistered(String extension, Duration settle) {
        await().atMost(settle).untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(
                server.location().lookup(extension).contacts()).as("bindings of %s", extension).isNotEmpty());
    }

    @Override
    public void close() {
        closeAll(ivr, media, server);
    }

    /** Stops a phone's process through its own handle: SIGTERM, then SIGKILL after 5 s. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Closes each part, going on past the ones that fail (phones first, then the servers). */
    static void closeAll(AutoCloseable... parts) {
        for (AutoCloseable c : parts) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }
}
