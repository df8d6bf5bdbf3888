package io.switchboard.signaling.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 4475 "SIP Torture Test Messages", each sent byte for byte over UDP from its own loopback
 * address (see {@link LoopbackPeer}); the messages live in {@code src/test/resources/sip/rfc4475/}.
 * For every one the server must still answer a fresh OPTIONS with 200; then its answer must be one
 * the RFC allows for an endpoint that serves REGISTER and OPTIONS only. Dropping is allowed for
 * responses (no client transaction here) and for requests whose Via, From, To, Call-ID or CSeq do
 * not parse, since no response can be formed for those.
 */
class TortureMessagesTest {
    private static final int MAX_UDP_PAYLOAD = 65_507;
    private static final long LATE_ANSWER_NANOS = TimeUnit.MILLISECONDS.toNanos(800);
    private static final int BASE = ThreadLocalRandom.current().nextInt(100, 200);
    private static final int SUBNET = ThreadLocalRandom.current().nextInt(256);
    private static final AtomicInteger HOST = new AtomicInteger();

    /**
     * These reuse an earlier message's branch and sent-by, so RFC 3261 §17.2.3 makes them a
     * retransmission of it when it is still in its transaction: the answer then goes to the earlier
     * message's address, and they are sent from that address (not a fresh one) to hear it.
     */
    private static final Map<String, String> SAME_TRANSACTION_AS = Map.of(
            "cparam02", "cparam01", "novelsc", "unkscm", "regescrt", "escnull");

    @TempDir
    static Path dataDir;
    private static RunningSignaling sip;
    private static final Map<String, LoopbackPeer> PEERS = new HashMap<>();

    /** What RFC 4475 lets this server do with one message: answer with one of {@code statuses}, or drop it. */
    record Expected(String name, String section, Set<Integer> statuses, boolean mayDrop) {
        @Override
        public String toString() {
            return name + " (§" + section + ") -> " + (statuses.isEmpty() ? "" : statuses) + (mayDrop ? (statuses.isEmpty() ? "drop" : " or drop") : "");
        }
    }

    private static Expected answer(String name, String section, Integer... statuses) {
        return new Expected(name, section, new TreeSet<>(List.of(statuses)), false);
    }

    private static Expected answerOrDrop(String name, String section, Integer... statuses) {
        return new Expected(name, section, new TreeSet<>(List.of(statuses)), true);
    }

    private static Expected dropped(String name, String section) {
        return new Expected(name, section, Set.of(), true);
    }

    static Stream<Expected> table() {
        return Stream.of(
                // §3.1.1 valid: a new INVITE is challenged for credentials first (407, RFC 3261 §22.3), MESSAGE
                // outside a dialog is not served (405), unknown methods 501,
                // REGISTER is challenged (401), OPTIONS 200; valid responses match no transaction.
                answer("wsinv", "3.1.1.1", 481), // To has a tag: an in-dialog INVITE for a dialog we never had,
                answer("intmeth", "3.1.1.2", 501),
                answer("esc01", "3.1.1.3", 407),
                answer("escnull", "3.1.1.4", 401),
                answer("esc02", "3.1.1.5", 501), // RE%47IST%45R is not REGISTER: "an endpoint would reject this with a 501"
                answer("lwsdisp", "3.1.1.6", 200),
                answer("longreq", "3.1.1.7", 407),
                answer("dblreq", "3.1.1.8", 401), // the INVITE after Content-Length is noise (RFC 3261 §18.3)
                answer("semiuri", "3.1.1.9", 200),
                answer("transports", "3.1.1.10", 200),
                answer("mpart01", "3.1.1.11", 405),
                dropped("unreason", "3.1.1.12"),
                dropped("noreason", "3.1.1.13"),
                // §3.1.2 invalid
                answer("badinv01", "3.1.2.1", 400), // the Via itself is broken: answered to the source
                answer("clerr", "3.1.2.2", 400),
                answer("ncl", "3.1.2.3", 400),
                answer("scalar02", "3.1.2.4", 400),
                dropped("scalarlg", "3.1.2.5"),
                answer("quotbal", "3.1.2.6", 400, 405), // "could attempt to infer a terminating quote and accept"
                answer("ltgtruri", "3.1.2.7", 400, 405), // "reasonable always to reject ... with a 400"
                answer("lwsruri", "3.1.2.8", 400, 405),
                answer("lwsstart", "3.1.2.9", 400, 407),
                answer("trws", "3.1.2.10", 400, 200), // "liberal ... may ignore these extra SP characters"
                answer("escruri", "3.1.2.11", 400, 407),
                answer("baddate", "3.1.2.12", 407, 400), // "shouldn't [reject] unless the Date ... were actually important"
                answer("regbadct", "3.1.2.13", 400, 401),
                answer("badaspec", "3.1.2.14", 400, 200), // "reasonable to reject ... liberal may ignore the spaces"
                answerOrDrop("baddn", "3.1.2.15", 400), // unquoted comma: From and To do not parse
                answer("badvers", "3.1.2.16", 505),
                answer("mismatch01", "3.1.2.17", 400),
                answer("mismatch02", "3.1.2.18", 501, 400),
                dropped("bigcode", "3.1.2.19"),
                // §3.2 transaction layer, §3.3 application layer, §3.4 backward compatibility
                answer("badbranch", "3.2.1", 200, 400), // fall back to RFC 2543 matching, or 400
                answer("insuf", "3.3.1", 400),
                answer("unkscm", "3.3.2", 416),
                answer("novelsc", "3.3.3", 416, 404),
                answer("unksm2", "3.3.4", 401, 400, 404, 416), // auth comes before the AOR check (RFC 3261 §10.3)
                answer("bext01", "3.3.5", 420), // RFC 3261 §8.2.2.3: unknown Require option-tags get 420
                answer("invut", "3.3.6", 407, 415), // §8.2.1 method inspection comes before §8.2.3 content
                answer("regaut01", "3.3.7", 401),
                answer("multi01", "3.3.8", 400),
                answer("mcl01", "3.3.9", 400),
                dropped("bcast", "3.3.10"),
                answer("zeromf", "3.3.11", 200, 483), // an endpoint answers normally, a proxy says 483
                answer("cparam01", "3.3.12", 401),
                answer("cparam02", "3.3.13", 401),
                answer("regescrt", "3.3.14", 401),
                answer("sdp01", "3.3.15", 407, 406),
                answer("inv2543", "3.4.1", 407));
    }

    @BeforeAll
    static void start() throws Exception {
        sip = RunningSignaling.start(dataDir, 5760, 5829);
        sip.server.users().create(RunningSignaling.PROBE_USER, "Probe-Hq8z-1001", "Probe");
    }

    @AfterAll
    static void stop() throws IOException {
        for (LoopbackPeer peer : PEERS.values()) {
            peer.close();
        }
        if (sip != null) {
            sip.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void serverKeepsServingAndAnswersAsRfc4475Allows(Expected expected) throws Exception {
        byte[] message = message(expected.name());
        assertThat(message.length).as("fits one datagram; larger messages would need TCP").isLessThanOrEqualTo(MAX_UDP_PAYLOAD);
        LoopbackPeer peer = peerFor(expected.name());
        peer.send(message, sip.sipPort());
        // The probe is read after the torture message on the same socket, so once it is answered the
        // torture message has been decoded; a worker's answer may still be on its way.
        assertThat(sip.options(3000)).as("fresh OPTIONS after %s", expected.name()).isEqualTo("SIP/2.0 200 OK");
        Set<Integer> finals = peer.receiveUntil(System.nanoTime() + LATE_ANSWER_NANOS).stream()
                .map(TortureMessagesTest::status).filter(s -> s >= 200).collect(Collectors.toCollection(TreeSet::new));
        assertThat(finals).as("one final status for %s", expected.name()).hasSizeLessThanOrEqualTo(1);
        if (finals.isEmpty()) {
            assertThat(expected.mayDrop()).as("%s was dropped; RFC 4475 §%s wants %s", expected.name(), expected.section(),
                    expected.statuses()).isTrue();
        } else {
            int got = finals.iterator().next();
            assertThat(expected.statuses()).as("%s answered %d; RFC 4475 §%s wants one of", expected.name(), got, expected.section())
                    .contains(got);
        }
    }

    @Test
    void everyStoredMessageHasARowInTheTable() throws IOException {
        Path dir = Path.of("src/test/resources/sip/rfc4475");
        Set<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.map(p -> p.getFileName().toString().replace(".sip", "")).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> rows = table().map(Expected::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(rows).isEqualTo(files);
    }

    private static byte[] message(String name) throws IOException {
        try (InputStream in = TortureMessagesTest.class.getResourceAsStream("/sip/rfc4475/" + name + ".sip")) {
            assertThat(in).as("resource sip/rfc4475/%s.sip", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static int status(String response) {
        return response.startsWith("SIP/2.0 ") && response.length() >= 11 ? Integer.parseInt(response.substring(8, 11)) : -1;
    }

    /** Peers stay open for the class so a shared transaction's answer still has somewhere to land. */
    private static LoopbackPeer peerFor(String name) throws IOException {
        LoopbackPeer shared = PEERS.get(SAME_TRANSACTION_AS.getOrDefault(name, name));
        if (shared != null) {
            shared.drain();
            return shared;
        }
        LoopbackPeer peer = new LoopbackPeer(nextAddress());
        PEERS.put(name, peer);
        return peer;
    }

    private static InetAddress nextAddress() throws IOException {
        int host = 1 + HOST.getAndIncrement() % 250;
        return InetAddress.getByAddress(new byte[] {127, (byte) BASE, (byte) SUBNET, (byte) host});
    }

}
