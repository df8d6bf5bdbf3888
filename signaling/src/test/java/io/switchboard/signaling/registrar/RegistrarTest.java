package io.switchboard.signaling.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.cluster.ClusterSettings;
import io.switchboard.common.sip.RawServerTransaction;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.signaling.auth.DigestAlgorithm;
import io.switchboard.signaling.auth.DigestAuthenticator;
import io.switchboard.signaling.auth.FailedAuthGuard;
import io.switchboard.signaling.auth.NonceService;
import io.switchboard.signaling.directory.SipUser;
import io.switchboard.signaling.location.Bindings;
import io.switchboard.signaling.location.LocationService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.header.ContactHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registrar's rules (RFC 3261 §10.3, RFC 7616) against a real Hazelcast location store. */
class RegistrarTest {
    private static final String REALM = "switchboard";
    private static HazelcastInstance hz;
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final SipMessages sip = new SipMessages("test");
    private Registrar registrar;
    private LocationService location;
    private int cseq = 1;
    private Map<String, SipUser> users;
    /** What the directory answers next; null: from {@link #users} at once. */
    private CompletableFuture<Optional<SipUser>> pendingLookup;
    private String callId;

    @BeforeAll
    static void cluster() {
        hz = ClusterMember.start(new ClusterSettings("registrar-" + UUID.randomUUID(), "127.0.0.1", 5951,
                List.of("127.0.0.1:5951"), Duration.ofSeconds(1), Duration.ofSeconds(5)), "registrar-test", LocationService::configure);
    }

    @AfterAll
    static void stop() {
        hz.shutdown();
    }

    @org.junit.jupiter.api.AfterEach
    void closeLocation() {
        location.close();
    }

    @BeforeEach
    void setUp() {
        users = Map.of(
                "1001", user("1001", "secret1001", true),
                "1002", user("1002", "secret1002", true),
                "1003", user("1003", "secret1003", false));
        NonceService nonces = new NonceService(new byte[32], Duration.ofSeconds(300), clock);
        DigestAuthenticator auth = new DigestAuthenticator(REALM, List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256),
                nonces, ext -> Optional.ofNullable(users.get(ext)), sip.headers(),
                new FailedAuthGuard(5, Duration.ofSeconds(300), clock));
        // Writes of the test before are asynchronous: wait until they landed, then start clean.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            hz.getMap(LocationService.MAP).clear();
            return hz.getMap(LocationService.MAP).isEmpty();
        });
        location = new LocationService(hz, clock);
        registrar = new Registrar(new RegistrarSettings(60, 7200, 3600, 3), auth,
                ext -> pendingLookup != null ? pendingLookup : CompletableFuture.completedFuture(Optional.ofNullable(users.get(ext))),
                location, sip,
                new RegistrarCounters(new SimpleMeterRegistry()));
        callId = UUID.randomUUID() + "@192.0.2.10";
    }

    private static SipUser user(String ext, String password, boolean enabled) {
        return new SipUser(ext, "User " + ext, enabled, REALM, DigestAlgorithm.MD5.ha1(ext, REALM, password),
                DigestAlgorithm.SHA_256.ha1(ext, REALM, password), Instant.EPOCH, Instant.EPOCH);
    }

    private Request register(String ext, String extraHeaders) throws Exception {
        String text = "REGISTER sip:switchboard SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK" + UUID.randomUUID() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + ext + "@switchboard>;tag=abc\r\n"
                + "To: <sip:" + ext + "@switchboard>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + (cseq++) + " REGISTER\r\n"
                + extraHeaders
                + "Content-Length: 0\r\n\r\n";
        return sip.messages().createRequest(text);
    }

    /** False: the RI path; {@link RegistrarRawPathTest} runs every rule again on requests read by RawRequest. */
    boolean rawPath() {
        return false;
    }

    private void dispatch(RecordingTransaction tx) {
        if (rawPath()) {
            assertThat(registrar.onRegister((RawServerTransaction) tx)).as("taken on the raw path").isTrue();
        } else {
            registrar.onRegister((ServerTransaction) tx);
        }
    }

    private Response send(Request r) {
        RecordingTransaction tx = new RecordingTransaction(sip, r);
        dispatch(tx);
        assertThat(tx.responses).hasSize(1);
        return tx.last();
    }

    private static String authorization(String ext, String password, WWWAuthenticateHeader challenge, DigestAlgorithm a, String nc) {
        String uri = "sip:switchboard";
        String cnonce = "c0ffee";
        String ha1 = a.ha1(ext, REALM, password);
        String ha2 = a.hash("REGISTER:" + uri);
        String response = a.hash(ha1 + ":" + challenge.getNonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Authorization: Digest username=\"" + ext + "\", realm=\"" + REALM + "\", nonce=\"" + challenge.getNonce()
                + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=" + a.token()
                + ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"\r\n";
    }

    private static WWWAuthenticateHeader challenge(Response r, DigestAlgorithm a) {
        ListIterator<?> it = r.getHeaders(WWWAuthenticateHeader.NAME);
        while (it.hasNext()) {
            WWWAuthenticateHeader h = (WWWAuthenticateHeader) it.next();
            if (a.token().equalsIgnoreCase(h.getAlgorithm())) {
                return h;
            }
        }
        throw new AssertionError("no " + a + " challenge in " + r);
    }

    /** REGISTER, 401, REGISTER with credentials: the final response. */
    private Response registerWithAuth(String ext, String password, String headers) throws Exception {
        Response first = send(register(ext, headers));
        assertThat(first.getStatusCode()).isEqualTo(401);
        return send(register(ext, headers + authorization(ext, password, challenge(first, DigestAlgorithm.MD5), DigestAlgorithm.MD5, "00000001")));
    }

    private static List<ContactHeader> contacts(Response r) {
        List<ContactHeader> out = new ArrayList<>();
        r.getHeaders(ContactHeader.NAME).forEachRemaining(h -> out.add((ContactHeader) h));
        return out;
    }

    @Test
    void registerWithoutCredentialsIsChallengedWithMd5ThenSha256_rfc3261_22_4_rfc8760_2_4() throws Exception {
        Response r = send(register("1001", "Contact: <sip:1001@192.0.2.10:5062>\r\n"));
        assertThat(r.getStatusCode()).isEqualTo(401);
        List<String> algorithms = new ArrayList<>();
        r.getHeaders(WWWAuthenticateHeader.NAME).forEachRemaining(h -> algorithms.add(((WWWAuthenticateHeader) h).getAlgorithm()));
        assertThat(algorithms).containsExactly("MD5", "SHA-256");
        assertThat(r.getHeader(WWWAuthenticateHeader.NAME).toString()).contains("qop=\"auth\"").contains("realm=\"switchboard\"");
        assertThat(location.lookup("1001").isEmpty()).isTrue();
    }

    @Test
    void theInstanceIdIsEchoedAsAQuotedString_rfc5626_4_1() throws Exception {
        // Linphone sends it quoted and refuses a 200 whose Contact carries it bare.
        Response ok = registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10:5091;transport=udp>;"
                + "+sip.instance=\"<urn:uuid:506ef525-5e5d-00ed-99c8-a5ba07fa04f2>\"\r\n");
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(ok.getHeader(ContactHeader.NAME).toString())
                .contains("+sip.instance=\"<urn:uuid:506ef525-5e5d-00ed-99c8-a5ba07fa04f2>\"");
    }

    @Test
    void registerWithRightDigestBindsTheContactAndAnswersItWithExpires_rfc3261_10_3() throws Exception {
        Response ok = registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10:5062>\r\nExpires: 600\r\n");
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(contacts(ok)).singleElement().satisfies(c -> {
            assertThat(c.getAddress().getURI().toString()).isEqualTo("sip:1001@192.0.2.10:5062");
            assertThat(c.getExpires()).isEqualTo(600);
        });
        assertThat(ok.getHeader("Date").toString()).as("RFC 3261 §10.3 step 8: the registrar's clock")
                .contains("15 Jan 2027 08:00:00 GMT");
        Bindings b = location.lookup("1001");
        assertThat(b.contacts()).singleElement().satisfies(c -> {
            assertThat(c.source()).as("RFC 3581: reached at the real source").isEqualTo("192.0.2.10:5062");
            assertThat(c.transport()).isEqualTo("UDP");
        });
    }

    @Test
    void sha256CredentialsAreAccepted_rfc7616() throws Exception {
        String headers = "Contact: <sip:1001@192.0.2.10:5062>\r\n";
        Response first = send(register("1001", headers));
        Response ok = send(register("1001", headers + authorization("1001", "secret1001",
                challenge(first, DigestAlgorithm.SHA_256), DigestAlgorithm.SHA_256, "00000001")));
        assertThat(ok.getStatusCode()).isEqualTo(200);
    }

    @Test
    void wrongPasswordUnknownAndDisabledUsersAllGetTheSameFreshChallenge() throws Exception {
        for (String[] c : new String[][] {{"1001", "wrong"}, {"9999", "secret9999"}, {"1003", "secret1003"}}) {
            Response r = registerWithAuth(c[0], c[1], "Contact: <sip:" + c[0] + "@192.0.2.10>\r\n");
            assertThat(r.getStatusCode()).as(c[0]).isEqualTo(401);
            assertThat(r.getHeader(WWWAuthenticateHeader.NAME).toString()).doesNotContain("stale");
        }
        assertThat(location.size()).isZero();
    }

    @Test
    void passwordGuessingLocksOutThatUserFromThatSourceOnly() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(registerWithAuth("1001", "guess" + i, "Contact: <sip:1001@192.0.2.10>\r\n").getStatusCode()).isEqualTo(401);
        }
        // The right password no longer helps from this source for this user ...
        assertThat(registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10>\r\n").getStatusCode()).isEqualTo(401);
        // ... while another user behind the same address is unaffected,
        assertThat(registerWithAuth("1002", "secret1002", "Contact: <sip:1002@192.0.2.10>\r\n").getStatusCode()).isEqualTo(200);
        // and the block lifts after the block time.
        now.addAndGet(301_000);
        assertThat(registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10>\r\n").getStatusCode()).isEqualTo(200);
    }

    @Test
    void credentialsOfAnotherUserAreForbidden_rfc3261_10_3_step3() throws Exception {
        Response first = send(register("1002", ""));
        Request r = register("1002", "Contact: <sip:x@192.0.2.10>\r\n"
                + authorization("1001", "secret1001", challenge(first, DigestAlgorithm.MD5), DigestAlgorithm.MD5, "00000001"));
        assertThat(send(r).getStatusCode()).isEqualTo(403);
    }

    @Test
    void expiredNonceWithRightPasswordGetsStaleTrue_rfc7616_3_5() throws Exception {
        Response first = send(register("1001", ""));
        now.addAndGet(301_000);
        Response r = send(register("1001", "Contact: <sip:1001@192.0.2.10>\r\n"
                + authorization("1001", "secret1001", challenge(first, DigestAlgorithm.MD5), DigestAlgorithm.MD5, "00000001")));
        assertThat(r.getStatusCode()).isEqualTo(401);
        assertThat(r.getHeader(WWWAuthenticateHeader.NAME).toString()).containsIgnoringCase("stale=true");
    }

    @Test
    void replayedNonceCountIsRefusedAndAGrowingOneAccepted_rfc7616_3_4() throws Exception {
        String contact = "Contact: <sip:1001@192.0.2.10>\r\n";
        WWWAuthenticateHeader c = challenge(send(register("1001", contact)), DigestAlgorithm.MD5);
        assertThat(send(register("1001", contact + authorization("1001", "secret1001", c, DigestAlgorithm.MD5, "00000001"))).getStatusCode()).isEqualTo(200);
        assertThat(send(register("1001", contact + authorization("1001", "secret1001", c, DigestAlgorithm.MD5, "00000001"))).getStatusCode()).isEqualTo(401);
        assertThat(send(register("1001", contact + authorization("1001", "secret1001", c, DigestAlgorithm.MD5, "00000002"))).getStatusCode()).isEqualTo(200);
    }

    @Test
    void expiryBelowMinimumGets423WithMinExpires_rfc3261_10_3_step7() throws Exception {
        Response r = registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10>\r\nExpires: 30\r\n");
        assertThat(r.getStatusCode()).isEqualTo(423);
        assertThat(((MinExpiresHeader) r.getHeader(MinExpiresHeader.NAME)).getExpires()).isEqualTo(60);
        assertThat(r.getHeader("Warning")).isNotNull();
    }

    @Test
    void expiryAboveMaximumIsShortenedAndContactParameterBeatsHeader_rfc3261_10_3_step7() throws Exception {
        Response r = registerWithAuth("1001", "secret1001",
                "Contact: <sip:1001@192.0.2.10:1>;expires=120, <sip:1001@192.0.2.10:2>\r\nExpires: 99999\r\n");
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(contacts(r)).extracting(ContactHeader::getExpires).containsExactlyInAnyOrder(120, 7200);
    }

    @Test
    void severalContactsPerAorAccumulateAndAreLimited() throws Exception {
        for (int port = 1; port <= 3; port++) {
            callId = UUID.randomUUID().toString();
            assertThat(registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10:" + port + ">\r\n").getStatusCode()).isEqualTo(200);
        }
        assertThat(location.lookup("1001").contacts()).hasSize(3);
        callId = UUID.randomUUID().toString();
        Response fourth = registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10:4>\r\n");
        assertThat(fourth.getStatusCode()).isEqualTo(403);
        assertThat(location.lookup("1001").contacts()).hasSize(3);
    }

    @Test
    void queryWithoutContactListsBindingsWithoutChangingThem_rfc3261_10_2_3() throws Exception {
        registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10:5062>\r\n");
        now.addAndGet(100_000);
        Response q = registerWithAuth("1001", "secret1001", "");
        assertThat(q.getStatusCode()).isEqualTo(200);
        assertThat(contacts(q)).singleElement().satisfies(c -> assertThat(c.getExpires()).isEqualTo(3500));
    }

    @Test
    void expiresZeroRemovesOneBindingAndWildcardRemovesAll_rfc3261_10_2_2() throws Exception {
        registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10:1>, <sip:1001@192.0.2.10:2>\r\n");
        Response one = registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10:1>;expires=0\r\n");
        assertThat(contacts(one)).hasSize(1);
        Response all = registerWithAuth("1001", "secret1001", "Contact: *\r\nExpires: 0\r\n");
        assertThat(all.getStatusCode()).isEqualTo(200);
        assertThat(contacts(all)).isEmpty();
        assertThat(location.lookup("1001").isEmpty()).isTrue();
    }

    @Test
    void wildcardWithNonZeroExpiresIsBadRequest_rfc3261_10_3_step6() throws Exception {
        assertThat(registerWithAuth("1001", "secret1001", "Contact: *\r\nExpires: 60\r\n").getStatusCode()).isEqualTo(400);
    }

    @Test
    void sameCallIdWithOlderCSeqIsRefused_rfc3261_10_3_step7() throws Exception {
        registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10:1>\r\n");
        cseq = 1;
        Response r = registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10:1>\r\n");
        assertThat(r.getStatusCode()).isEqualTo(500);
    }

    @Test
    void bindingsExpireOnTheirOwn_rfc3261_10_2_1() throws Exception {
        registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10:1>;expires=60\r\n");
        now.addAndGet(61_000);
        assertThat(location.lookup("1001").isEmpty()).isTrue();
    }

    @Test
    void malformedAuthorizationGets400NamingTheField() throws Exception {
        Response r = send(register("1001", "Authorization: Digest username=\"1001\", realm=\"switchboard\", uri=\"sip:x\", response=\"00\"\r\n"));
        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(r.getReasonPhrase()).contains("nonce");
    }

    @Test
    void userMissingFromTheNearCacheIsAnsweredOnTheRequestsLoopOnceTheDirectoryAnswers() throws Exception {
        Response first = send(register("1001", "Contact: <sip:1001@192.0.2.10:5062>\r\n"));
        pendingLookup = new CompletableFuture<>();
        RecordingTransaction tx = new RecordingTransaction(sip, register("1001", "Contact: <sip:1001@192.0.2.10:5062>\r\n"
                + authorization("1001", "secret1001", challenge(first, DigestAlgorithm.MD5), DigestAlgorithm.MD5, "00000001")));
        dispatch(tx);
        assertThat(tx.responses).as("nothing blocks waiting for the directory").isEmpty();
        pendingLookup.complete(Optional.of(users.get("1001")));
        assertThat(tx.responses).as("the continuation runs on the loop, not the directory's thread").isEmpty();
        tx.runLoop();
        assertThat(tx.last().getStatusCode()).isEqualTo(200);
        assertThat(location.lookup("1001").contacts()).hasSize(1);
    }

    @Test
    void directoryFailureGets503WithRetryAfter_rfc3261_21_5_4() throws Exception {
        Response first = send(register("1001", "Contact: <sip:1001@192.0.2.10:5062>\r\n"));
        pendingLookup = CompletableFuture.failedFuture(new IllegalStateException("database down"));
        RecordingTransaction tx = new RecordingTransaction(sip, register("1001", "Contact: <sip:1001@192.0.2.10:5062>\r\n"
                + authorization("1001", "secret1001", challenge(first, DigestAlgorithm.MD5), DigestAlgorithm.MD5, "00000001")));
        dispatch(tx);
        tx.runLoop();
        assertThat(tx.last().getStatusCode()).isEqualTo(503);
        assertThat(tx.last().getHeader("Retry-After")).isNotNull();
        assertThat(location.lookup("1001").isEmpty()).isTrue();
    }

    @Test
    void sweepForgetsAorsWhoseBindingsAllExpired_rfc3261_10_2_1() throws Exception {
        registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10:1>;expires=60\r\n");
        registerWithAuth("1002", "secret1002", "Contact: <sip:1002@192.0.2.10:2>;expires=600\r\n");
        assertThat(location.size()).isEqualTo(2);
        now.addAndGet(61_000);
        location.sweep();
        assertThat(location.size()).isEqualTo(1);
        assertThat(location.lookup("1002").contacts()).hasSize(1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .alias("the expired AOR is deleted from the cluster copy as well")
                .until(() -> !hz.getMap(LocationService.MAP).containsKey("1001"));
    }

    @Test
    void bindingsAreReplicatedSoALaterSignalingMemberTakesThemOver() throws Exception {
        registerWithAuth("1001", "secret1001", "Contact: <sip:1001@192.0.2.10:1>;expires=600\r\n");
        registerWithAuth("1002", "secret1002", "Contact: <sip:1002@192.0.2.10:2>;expires=600\r\n");
        send(register("1002", "Contact: *\r\nExpires: 0\r\n" + authorization("1002", "secret1002",
                challenge(send(register("1002", "")), DigestAlgorithm.MD5), DigestAlgorithm.MD5, "00000001")));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> hz.getMap(LocationService.MAP).size() == 1);
        try (LocationService takeover = new LocationService(hz, clock)) {
            assertThat(takeover.lookup("1001").contacts()).extracting(c -> c.contact()).containsExactly("sip:1001@192.0.2.10:1");
            assertThat(takeover.lookup("1002").isEmpty()).as("the wildcard removal was replicated too").isTrue();
        }
    }

    static String param(String header, String name) {
        Matcher m = Pattern.compile(name + "=\"?([^\",]+)").matcher(header);
        return m.find() ? m.group(1) : null;
    }
}
