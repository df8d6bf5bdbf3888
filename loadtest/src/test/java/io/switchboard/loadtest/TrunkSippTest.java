package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.signaling.SignalingServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration trunks against SIPp playing the provider's registrar (RFC 3261 §10.2, §22): the trunk
 * answers the provider's Digest challenge and shows as registered with the provider's answer; a
 * provider that is down (503) shows as failed and is retried with backoff, and the trunk registers
 * once the provider is back; a wrong password shows the provider's 403. A call from an IP trunk's
 * address for a DID reaches the DID's extension without digest; an unknown DID gets 404 and a stranger
 * 407. Bad definitions are refused naming the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class TrunkSippTest {
    private static final Duration SETTLE = Duration.ofSeconds(20);
    /** The provider's network: a loopback address of its own, so its calls are told from the phones'. */
    private static final String PROVIDER = "127.0.0.77";
    private static final String STRANGER = "127.0.0.78";
    private Path dir;
    private SippLab lab;
    private SignalingServer server;
    private AdminClient admin;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        lab = SippLab.start(dir, 5, 44400, 44499);
        server = lab.server;
        admin = lab.admin;
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void anIpTrunkCallForADidReachesItsExtensionWithoutDigestAndUnknownDidsAndStrangersAreRefused_rfc3261_8_2_2_1()
            throws Exception {
        admin.postJson("/api/trunks", "{\"name\":\"carrier\",\"kind\":\"ip\",\"host\":\"" + PROVIDER + "\","
                + "\"addresses\":[\"" + PROVIDER + "\"]}");
        admin.postJson("/api/dids", "{\"number\":\"+3222001234\",\"destination\":\"1002\",\"description\":\"sales line\"}");
        int phone = SippRuns.register(server, dir, "1002", Duration.ofSeconds(30));
        SippProcess callee = Sipp.scenario(SippScenario.CALLEE_ANSWERS, server.sipPort(), dir.resolve("sipp-callee"))
                .localPort(phone).mediaPort(Sipp.freeMediaPortBlock()).key("callee", "1002").placeholder("relay-port", "44[0-9]{3}")
                .recvTimeout(Duration.ofSeconds(15)).timeout(Duration.ofSeconds(40)).start();
        SippRuns.awaitBound(phone);
        int before = admin.cdrs().size();

        // The provider sends the DID without its '+': the DID table finds it either way.
        Sipp call = providerCall(SippScenario.TRUNK_PROVIDER_CALLS, PROVIDER, "3222001234", "inbound").pause(Duration.ofSeconds(2));
        Sipp.writePcmu(call.workDir().resolve("rtp.ulaw"));
        SippResult provider = call.run();
        assertThat(provider.allSucceeded()).as(provider.describe()).isTrue();
        assertThat(callee.await().allSucceeded()).isTrue();
        await().atMost(SETTLE).until(() -> admin.cdrs().size() > before);
        AdminClient.CallDetail cdr = admin.cdrs().get(0);
        assertThat(cdr.caller()).isEqualTo("+3227771234");
        assertThat(cdr.callee()).isEqualTo("1002");
        assertThat(cdr.disposition()).isEqualTo("ANSWERED");
        assertThat(cdr.trunk()).as("the CDR names the trunk the call came in by").isEqualTo("carrier");

        // The provider now sends national numbers: the trunk's inbound rewrite makes 022001234 the DID
        // +3222001234, and a trunk that records its calls has this one recorded on the media node.
        admin.putJson("/api/trunks/carrier", "{\"inboundStrip\":1,\"inboundPrepend\":\"+32\",\"recordCalls\":true}");
        SippProcess again = Sipp.scenario(SippScenario.CALLEE_ANSWERS, server.sipPort(), dir.resolve("sipp-callee-national"))
                .localPort(phone).mediaPort(Sipp.freeMediaPortBlock()).key("callee", "1002").placeholder("relay-port", "44[0-9]{3}")
                .recvTimeout(Duration.ofSeconds(15)).timeout(Duration.ofSeconds(40)).start();
        SippRuns.awaitBound(phone);
        Sipp national = providerCall(SippScenario.TRUNK_PROVIDER_CALLS, PROVIDER, "022001234", "national").pause(Duration.ofSeconds(2));
        Sipp.writePcmu(national.workDir().resolve("rtp.ulaw"));
        SippResult rewritten = national.run();
        assertThat(rewritten.allSucceeded()).as("022001234 reached the DID +3222001234: %s", rewritten.describe()).isTrue();
        assertThat(again.await().allSucceeded()).isTrue();
        await().atMost(SETTLE).until(() -> admin.cdrs().size() > before + 1);
        String recorded = admin.cdrs().get(0).callId();
        Path recordings = dir.resolve("data-media-a").resolve("recordings");
        await().atMost(SETTLE).untilAsserted(() -> {
            try (java.util.stream.Stream<Path> files = Files.list(recordings)) {
                assertThat(files.filter(f -> f.getFileName().toString().contains(recorded.replaceAll("[^A-Za-z0-9._-]", "_"))
                        || f.getFileName().toString().contains(recorded))
                        .filter(f -> f.toFile().length() > 8000).count()).as("a WAV of call %s in %s", recorded, recordings).isPositive();
            }
        });

        SippResult unknown = providerCall(SippScenario.TRUNK_PROVIDER_CALL_REFUSED, PROVIDER, "3222009999", "unknown-did")
                .placeholder("status", "404").run();
        assertThat(unknown.allSucceeded()).as("a DID nobody takes: 404 %s", unknown.describe()).isTrue();
        SippResult stranger = providerCall(SippScenario.TRUNK_PROVIDER_CALL_REFUSED, STRANGER, "3222001234", "stranger")
                .placeholder("status", "407").run();
        assertThat(stranger.allSucceeded()).as("an address that is no trunk is challenged like any caller %s", stranger.describe())
                .isTrue();
        assertThat(admin.delete("/api/dids/+3222001234")).isEqualTo(204);
        assertThat(admin.delete("/api/trunks/carrier")).isEqualTo(204);
    }

    @Test
    void anOutboundCallFailsOverFromATrunkAnswering503ToTheNextWhichChallengesAndAnswers_rfc3261_22_2() throws Exception {
        int p1 = Sipp.freeLocalPort(SippTransport.UDP);
        int p2 = Sipp.freeLocalPort(SippTransport.UDP);
        admin.postJson("/api/trunks", "{\"name\":\"first\",\"kind\":\"ip\",\"host\":\"127.0.0.81\",\"port\":" + p1
                + ",\"addresses\":[\"127.0.0.81\"]}");
        admin.postJson("/api/trunks", "{\"name\":\"second\",\"kind\":\"ip\",\"host\":\"127.0.0.82\",\"port\":" + p2
                + ",\"addresses\":[\"127.0.0.82\"],\"username\":\"sb-out\",\"password\":\"Out-7y-secret\",\"callerId\":\"+3222001234\"}");
        // National numbers in E.164: 0470123456 goes out as +32470123456.
        admin.postJson("/api/routes", "{\"name\":\"national\",\"pattern\":\"0[1-9][0-9]{8}\",\"strip\":1,\"prepend\":\"+32\","
                + "\"trunks\":[\"first\",\"second\"]}");
        SippProcess down = Sipp.scenario(SippScenario.TRUNK_PROVIDER_REFUSES, server.sipPort(), dir.resolve("sipp-first"))
                .address("127.0.0.81").remote(Sipp.LOOPBACK).localPort(p1).placeholder("status", "503")
                .placeholder("reason", "Service Unavailable").recvTimeout(Duration.ofSeconds(15)).timeout(Duration.ofSeconds(40)).start();
        SippProcess answers = Sipp.scenario(SippScenario.TRUNK_PROVIDER_ANSWERS, server.sipPort(), dir.resolve("sipp-second"))
                .address("127.0.0.82").remote(Sipp.LOOPBACK).localPort(p2).mediaPort(Sipp.freeMediaPortBlock())
                .placeholder("number", "\\+32470123456").placeholder("from", "sip:\\+3222001234@").placeholder("pai", "\\+3222001234")
                .placeholder("privacy", "INVITE").placeholder("sdp", "m=audio").placeholder("username", "sb-out").placeholder("password", "Out-7y-secret")
                .recvTimeout(Duration.ofSeconds(15)).timeout(Duration.ofSeconds(40)).start();
        SippRuns.awaitBound("127.0.0.81", p1);
        SippRuns.awaitBound("127.0.0.82", p2);
        int before = admin.cdrs().size();

        SippResult caller = phone(SippScenario.CALLER_HANGS_UP, "1001", "0470123456", "outbound").pause(Duration.ofSeconds(2)).run();
        assertThat(caller.allSucceeded()).as(caller.describe()).isTrue();
        assertThat(down.await().allSucceeded()).as("the first trunk was tried and answered 503").isTrue();
        SippResult provider = answers.await();
        assertThat(provider.allSucceeded()).as("the second trunk got +32470123456 with good credentials: %s", provider.describe()).isTrue();
        await().atMost(SETTLE).until(() -> admin.cdrs().size() > before);
        AdminClient.CallDetail out = admin.cdrs().get(0);
        assertThat(out.disposition()).isEqualTo("ANSWERED");
        assertThat(out.callee()).as("the number dialled").isEqualTo("0470123456");
        assertThat(out.trunk()).as("the trunk that took the call").isEqualTo("second");
        assertThat(out.sentNumber()).as("the number sent").isEqualTo("+32470123456");

        // 486 is the callee's answer, not the trunk's failure: the second trunk is not tried (nothing listens there now).
        SippProcess busy = Sipp.scenario(SippScenario.TRUNK_PROVIDER_REFUSES, server.sipPort(), dir.resolve("sipp-busy-provider"))
                .address("127.0.0.81").remote(Sipp.LOOPBACK).localPort(p1).placeholder("status", "486")
                .placeholder("reason", "Busy Here").recvTimeout(Duration.ofSeconds(15)).timeout(Duration.ofSeconds(40)).start();
        SippRuns.awaitBound("127.0.0.81", p1);
        SippResult rejected = phone(SippScenario.CALLER_REJECTED, "1001", "0470123456", "busy").placeholder("status", "486").run();
        assertThat(rejected.allSucceeded()).as("the caller hears busy: %s", rejected.describe()).isTrue();
        assertThat(busy.await().allSucceeded()).isTrue();

        HttpResponse<String> bad = admin.postRaw("/api/routes", "{\"name\":\"broken\",\"pattern\":\"0[1-9\",\"trunks\":[\"first\"]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"pattern\"").contains("does not parse");
        HttpResponse<String> noTrunk = admin.postRaw("/api/routes", "{\"name\":\"x\",\"pattern\":\"9.*\",\"trunks\":[\"nosuch\"]}");
        assertThat(noTrunk.statusCode()).isEqualTo(400);
        assertThat(noTrunk.body()).contains("\"field\":\"trunks\"").contains("nosuch");
        assertThat(admin.delete("/api/routes/national")).isEqualTo(204);
    }

    @Test
    void aUsersOwnNumberIsPresentedOutsideAndStarSixtySevenWithholdsItWithPrivacyId_rfc3323_rfc3325() throws Exception {
        int port = Sipp.freeLocalPort(SippTransport.UDP);
        admin.postJson("/api/trunks", "{\"name\":\"third\",\"kind\":\"ip\",\"host\":\"127.0.0.87\",\"port\":" + port
                + ",\"addresses\":[\"127.0.0.87\"],\"username\":\"sb-out\",\"password\":\"Out-7y-secret\",\"callerId\":\"+3222001234\"}");
        admin.postJson("/api/routes", "{\"name\":\"presentation\",\"pattern\":\"8[0-9]{5}\",\"trunks\":[\"third\"]}");
        admin.putJson("/api/users/1002/features", "{\"callerId\":\"+3222005555\"}");

        presentedAs("1002", "812345", "sip:\\+3222005555@", "INVITE", "own-number");
        // *67: the callee sees Anonymous; the provider still learns who in PAI, told to keep it private.
        presentedAs("1002", "*67812345", "anonymous@anonymous\\.invalid", "Privacy: id", "withheld");

        // The trunk takes PCMU and G.722 only, DTMF in-band: a late-offer caller's stand-in (PCMU, PCMA, G.722,
        // telephone-event) reaches the provider as those two, in the trunk's order, without telephone-event.
        admin.putJson("/api/trunks/third", "{\"codecs\":[\"G722\",\"PCMU\"],\"dtmfMode\":\"inband\"}");
        presentedAs(SippScenario.CALLER_LATE_OFFER, "1002", "812345", "sip:\\+3222005555@", "INVITE",
                "m=audio [0-9]+ RTP/AVP 9 0[^ 0-9]", "trunk-codecs");
        HttpResponse<String> codec = admin.putRaw("/api/trunks/third", "{\"dtmfMode\":\"info\"}");
        assertThat(codec.body()).contains("\"field\":\"dtmfMode\"");

        HttpResponse<String> bad = admin.putRaw("/api/users/1002/features", "{\"callerId\":\"not-a-number\"}");
        assertThat(bad.body()).contains("\"field\":\"callerId\"");
        admin.putJson("/api/users/1002/features", "{\"callerId\":\"\"}");
        assertThat(admin.delete("/api/routes/presentation")).isEqualTo(204);
        assertThat(admin.delete("/api/trunks/third")).isEqualTo(204);
    }

    private void presentedAs(String ext, String dialled, String from, String privacy, String name) throws Exception {
        presentedAs(SippScenario.CALLER_HANGS_UP, ext, dialled, from, privacy, "m=audio", name);
    }

    private void presentedAs(SippScenario scenario, String ext, String dialled, String from, String privacy, String sdp, String name)
            throws Exception {
        int port = admin.getJson("/api/trunks/third").path("port").asInt();
        SippProcess provider = Sipp.scenario(SippScenario.TRUNK_PROVIDER_ANSWERS, server.sipPort(), dir.resolve("sipp-" + name))
                .address("127.0.0.87").remote(Sipp.LOOPBACK).localPort(port).mediaPort(Sipp.freeMediaPortBlock())
                .placeholder("number", "812345").placeholder("from", from).placeholder("pai", "\\+3222005555")
                .placeholder("privacy", privacy).placeholder("sdp", sdp).placeholder("username", "sb-out").placeholder("password", "Out-7y-secret")
                .recvTimeout(Duration.ofSeconds(15)).timeout(Duration.ofSeconds(40)).start();
        SippRuns.awaitBound("127.0.0.87", port);
        SippResult caller = phone(scenario, ext, dialled, name + "-caller").pause(Duration.ofSeconds(1)).run();
        assertThat(caller.allSucceeded()).as("%s: %s", name, caller.describe()).isTrue();
        SippResult got = provider.await();
        assertThat(got.allSucceeded()).as("%s: the provider's checks of From, PAI and Privacy: %s", name, got.describe()).isTrue();
    }

    @Test
    void aTrunkThatDoesNotAnswerOptionsIsMarkedDownAndSkippedByRoutes_rfc3261_11() throws Exception {
        int closed = Sipp.freeLocalPort(SippTransport.TCP);
        admin.postJson("/api/trunks", "{\"name\":\"dead\",\"kind\":\"ip\",\"host\":\"127.0.0.83\",\"port\":" + closed
                + ",\"transport\":\"tcp\",\"addresses\":[\"127.0.0.83\"],\"keepaliveSeconds\":5}");
        admin.postJson("/api/routes", "{\"name\":\"only-dead\",\"pattern\":\"00[0-9]+\",\"trunks\":[\"dead\"]}");
        await().atMost(SETTLE).untilAsserted(() -> {
            JsonNode k = admin.getJson("/api/trunks/dead").get("keepalive");
            assertThat(k.get("state").asText()).as("%s", k).isEqualTo("down");
            assertThat(k.get("answer").asText()).startsWith("transport error");
        });
        SippResult refused = phone(SippScenario.CALLER_REJECTED, "1003", "0044123456", "dead").placeholder("status", "503").run();
        assertThat(refused.allSucceeded()).as("no trunk of the route is up: 503 at once %s", refused.describe()).isTrue();
        assertThat(admin.delete("/api/routes/only-dead")).isEqualTo(204);
        assertThat(admin.delete("/api/trunks/dead")).isEqualTo(204);
    }

    @Test
    void aTrunkAtItsChannelLimitRefusesTheNextCallWith503() throws Exception {
        admin.postJson("/api/trunks", "{\"name\":\"small\",\"kind\":\"ip\",\"host\":\"127.0.0.84\",\"addresses\":[\"127.0.0.84\"],"
                + "\"maxChannels\":1,\"inboundDestination\":\"1004\"}");
        int phone = SippRuns.register(server, dir, "1004", Duration.ofSeconds(30));
        SippProcess callee = Sipp.scenario(SippScenario.CALLEE_ANSWERS, server.sipPort(), dir.resolve("sipp-callee-1004"))
                .localPort(phone).mediaPort(Sipp.freeMediaPortBlock()).key("callee", "1004").placeholder("relay-port", "44[0-9]{3}")
                .recvTimeout(Duration.ofSeconds(15)).timeout(Duration.ofSeconds(40)).start();
        SippRuns.awaitBound(phone);
        Sipp first = providerCall(SippScenario.TRUNK_PROVIDER_CALLS, "127.0.0.84", "5550001", "first-channel").pause(Duration.ofSeconds(4));
        Sipp.writePcmu(first.workDir().resolve("rtp.ulaw"));
        SippProcess holding = first.start();
        await().atMost(SETTLE).until(() -> server.calls().activeCalls() == 1);
        SippResult second = providerCall(SippScenario.TRUNK_PROVIDER_CALL_REFUSED, "127.0.0.84", "5550002", "second-channel")
                .placeholder("status", "503").run();
        assertThat(second.allSucceeded()).as("one channel, in use: 503 %s", second.describe()).isTrue();
        assertThat(holding.await().allSucceeded()).isTrue();
        assertThat(callee.await().allSucceeded()).isTrue();
        assertThat(admin.delete("/api/trunks/small")).isEqualTo(204);
    }

    /** A registered-phone caller (digest from the users CSV) dialling {@code number}. */
    private Sipp phone(SippScenario scenario, String ext, String number, String name) throws Exception {
        Path inf = dir.resolve("inf-" + ext + ".csv");
        if (!java.nio.file.Files.exists(inf)) {
            UserCsv.writeInjection(inf, Long.parseLong(ext), 1, UserCsv::password);
        }
        Sipp caller = Sipp.scenario(scenario, server.sipPort(), dir.resolve("sipp-" + name)).injection(inf)
                .localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                .key("callee", number).placeholder("relay-port", "44[0-9]{3}")
                .recvTimeout(Duration.ofSeconds(15)).timeout(Duration.ofSeconds(40));
        Sipp.writePcmu(caller.workDir().resolve("rtp.ulaw"));
        return caller;
    }

    private Sipp providerCall(SippScenario scenario, String from, String did, String name) {
        return Sipp.scenario(scenario, server.sipPort(), dir.resolve("sipp-" + name)).address(from).remote(Sipp.LOOPBACK)
                .localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                .placeholder("did", did).placeholder("caller", "+3227771234").placeholder("relay-address", "127\\.0\\.0\\.1")
                .recvTimeout(Duration.ofSeconds(15)).timeout(Duration.ofSeconds(40));
    }

    private Sipp provider(SippScenario scenario, int port, String name) {
        return Sipp.scenario(scenario, server.sipPort(), dir.resolve("sipp-" + name)).localPort(port).calls(1)
                .placeholder("username", "sb-trunk-1").placeholder("password", "Prov-9x-secret")
                .recvTimeout(Duration.ofSeconds(30)).timeout(Duration.ofSeconds(40));
    }

    private JsonNode registration(String trunk) throws Exception {
        return admin.getJson("/api/trunks/" + trunk).get("registration");
    }

    @Test
    void aRegistrationTrunkRetriesAProviderThatIsDownAndRegistersWhenItIsBack_rfc3261_10_2_22() throws Exception {
        int port = Sipp.freeLocalPort(SippTransport.UDP);
        SippProcess down = provider(SippScenario.TRUNK_PROVIDER_UNAVAILABLE, port, "down").start();
        SippRuns.awaitBound(port);
        JsonNode created = admin.postJson("/api/trunks", "{\"name\":\"provider\",\"kind\":\"registration\",\"host\":\"127.0.0.1\","
                + "\"port\":" + port + ",\"username\":\"sb-trunk-1\",\"password\":\"Prov-9x-secret\",\"registerExpires\":60}");
        assertThat(created.get("password").asText()).as("the password is never shown").isEqualTo("********");
        await().atMost(SETTLE).untilAsserted(() -> {
            JsonNode r = registration("provider");
            assertThat(r.get("state").asText()).as("%s", r).isEqualTo("failed");
            assertThat(r.get("answer").asText()).isEqualTo("503 Service Unavailable");
        });
        Instant next = Instant.parse(registration("provider").get("nextAttempt").asText());
        assertThat(down.await().allSucceeded()).isTrue();

        // The provider is back: the retry (5 s after the first failure) is challenged and registers.
        SippProcess back = provider(SippScenario.TRUNK_PROVIDER_REGISTRAR, port, "back").start();
        SippRuns.awaitBound(port);
        await().atMost(SETTLE).untilAsserted(() -> {
            JsonNode r = registration("provider");
            assertThat(r.get("state").asText()).as("%s", r).isEqualTo("registered");
            assertThat(r.get("answer").asText()).isEqualTo("200 OK");
            assertThat(r.get("failures").asInt()).isZero();
            assertThat(Instant.parse(r.get("expiresAt").asText())).isAfter(Instant.now().plusSeconds(40));
            // 60 s granted: refreshed at half of it.
            assertThat(Instant.parse(r.get("nextAttempt").asText())).isBefore(Instant.now().plusSeconds(31));
        });
        SippResult provider = back.await();
        assertThat(provider.allSucceeded()).as("the provider's verifyauth accepted our digest: %s", provider.describe()).isTrue();
        assertThat(next).as("the retry waited the backoff").isAfter(Instant.now().minusSeconds(60));

        // The provider restarts and knows nothing of us: the refresh, at half the 60 s granted, registers again.
        Instant before = Instant.parse(registration("provider").get("expiresAt").asText());
        SippProcess restarted = provider(SippScenario.TRUNK_PROVIDER_REGISTRAR_RESTARTED, port, "restarted")
                .recvTimeout(Duration.ofSeconds(45)).timeout(Duration.ofSeconds(60)).start();
        SippRuns.awaitBound(port);
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            JsonNode r = registration("provider");
            assertThat(r.get("state").asText()).as("%s", r).isEqualTo("registered");
            assertThat(Instant.parse(r.get("expiresAt").asText())).as("%s", r).isAfter(before);
        });
        // Removing the trunk unregisters it, answering the provider's challenge (RFC 3261 §10.2.2).
        assertThat(admin.delete("/api/trunks/provider")).isEqualTo(204);
        SippResult gone = restarted.await();
        assertThat(gone.allSucceeded()).as("the refresh and the authenticated unregister: %s", gone.describe()).isTrue();
    }

    @Test
    void aWrongPasswordShowsTheProvidersRefusal_rfc3261_22_4() throws Exception {
        int port = Sipp.freeLocalPort(SippTransport.UDP);
        SippProcess registrar = provider(SippScenario.TRUNK_PROVIDER_REGISTRAR, port, "wrong").start();
        SippRuns.awaitBound(port);
        admin.postJson("/api/trunks", "{\"name\":\"wrong\",\"kind\":\"registration\",\"host\":\"127.0.0.1\",\"port\":" + port
                + ",\"username\":\"sb-trunk-1\",\"password\":\"not-the-password\"}");
        await().atMost(SETTLE).untilAsserted(() -> {
            JsonNode r = registration("wrong");
            assertThat(r.get("state").asText()).as("%s", r).isEqualTo("failed");
            assertThat(r.get("answer").asText()).isEqualTo("403 Forbidden");
        });
        registrar.await();
        assertThat(admin.delete("/api/trunks/wrong")).isEqualTo(204);
    }

    @Test
    void badTrunkDefinitionsAreRefusedNamingTheField() throws Exception {
        HttpResponse<String> noPassword = admin.postRaw("/api/trunks",
                "{\"name\":\"p\",\"kind\":\"registration\",\"host\":\"sip.example.com\",\"username\":\"u\"}");
        assertThat(noPassword.statusCode()).isEqualTo(400);
        assertThat(noPassword.body()).contains("\"field\":\"password\"");
        HttpResponse<String> badAddress = admin.postRaw("/api/trunks",
                "{\"name\":\"ip\",\"kind\":\"ip\",\"host\":\"203.0.113.5\",\"addresses\":[\"203.0.113.0/33\"]}");
        assertThat(badAddress.statusCode()).isEqualTo(400);
        assertThat(badAddress.body()).contains("\"field\":\"addresses\"").contains("prefix length");
        HttpResponse<String> badKind = admin.postRaw("/api/trunks", "{\"name\":\"x\",\"kind\":\"pstn\",\"host\":\"h\"}");
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(badKind.body()).contains("\"field\":\"kind\"");
        JsonNode ip = admin.postJson("/api/trunks", "{\"name\":\"carrier\",\"kind\":\"ip\",\"host\":\"203.0.113.5\","
                + "\"addresses\":[\"203.0.113.0/24\",\"198.51.100.7\"],\"maxChannels\":60}");
        assertThat(ip.get("registration").isNull()).isTrue();
        assertThat(admin.postRaw("/api/trunks", "{\"name\":\"carrier\",\"kind\":\"ip\",\"host\":\"203.0.113.5\","
                + "\"addresses\":[\"203.0.113.0/24\"]}").statusCode()).as("a taken name").isEqualTo(409);
        assertThat(admin.delete("/api/trunks/carrier")).isEqualTo(204);
        assertThat(admin.delete("/api/trunks/carrier")).isEqualTo(404);
    }
}
