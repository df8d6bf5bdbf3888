package io.switchboard.loadtest.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.loadtest.RequiredTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser phone: JsSIP 3.13 (from npm, bundled into the test resources) in headless Chromium,
 * registered over secure WebSocket (RFC 7118) to signaling on 127.0.0.41 with a certificate from a CA
 * made here. Its calls with a baresip desk phone go through the media server, which is the browser's
 * ICE-lite peer and DTLS-SRTP endpoint (RFC 8445 §2.5, RFC 5764) and relays plain RTP to the desk
 * phone. The browser's microphone is a 600 Hz tone, the desk phones' 800 Hz (Bob) and 400 Hz (Alice, Opus); each side's ears are
 * checked by frequency: baresip's recording of the call, and Web Audio's analyser in the page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class WebPhoneTest {
    private static final String USER = "1003";
    private static final String PASSWORD = "Web-Hq8z-1003-phone";
    private static final int BROWSER_HZ = 600;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private PhoneLab lab;
    private Baresip bob;
    private WebPhone browser;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        RequiredTool.require(WebPhone.installed(), "chromium and chromedriver are not installed"
                + " (apt-get install chromium chromium-driver; .ci/run installs them)");
        Baresip.require();
        this.dir = dir;
        lab = PhoneLab.startWithTls(dir, "web", 42400, 42600, SETTLE, Map.of("sip.websocket.secure-port", "0"));
        lab.server().users().create(USER, PASSWORD, "Web phone");
        bob = lab.bob(dir);
        Tone.write(dir.resolve("browser-tone.wav"), BROWSER_HZ, 60);
        browser = WebPhone.start(dir.resolve("browser-tone.wav"), "wss://" + PhoneLab.ADDRESS + ":" + lab.server().sipWebSocketPorts()[1] + "/",
                USER, PASSWORD, PhoneLab.ADDRESS);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(browser.events()).contains("registered 200"));
    }

    @AfterEach
    void between() throws Exception {
        await().atMost(SETTLE).until(() -> lab.server().calls().activeCalls() == 0);
    }

    @AfterAll
    void stop() {
        PhoneLab.closeAll(browser, bob, lab);
    }

    @Test
    @Order(1)
    void jsSipInChromiumRegistersOverSecureWebSocket_rfc7118() {
        assertThat(browser.events()).noneMatch(e -> e.startsWith("registrationFailed"));
        assertThat(lab.server().location().lookup(USER).contacts()).singleElement()
                .satisfies(c -> assertThat(c.transport()).isEqualTo("WSS"));
    }

    @Test
    @Order(2)
    void browserCallsDeskPhoneWithAudioBothWaysThroughIceLiteAndDtlsSrtp_rfc8445_rfc5764() throws Exception {
        bob.forgetRecordings();
        lab.awaitRegistered(PhoneLab.BOB, SETTLE);
        int before = browser.events().size();
        browser.dial("sip:" + PhoneLab.BOB + "@" + PhoneLab.ADDRESS);
        assertCallWithAudio(before);
        browser.hangUp();
        assertDeskPhoneHeardBrowser();
    }

    @Test
    @Order(3)
    void deskPhoneCallsBrowserWhichGetsAWebRtcOffer_rfc8829() throws Exception {
        bob.forgetRecordings();
        int before = browser.events().size();
        bob.dial(USER);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(eventsSince(before))
                .anyMatch(e -> e.startsWith("incoming " + PhoneLab.BOB)));
        assertCallWithAudio(before);
        bob.hangUp();
        assertDeskPhoneHeardBrowser();
    }

    @Test
    @Order(4)
    void browserCallsAnOpusDeskPhoneAndOpusPassesThroughTheRelay_rfc7587() throws Exception {
        Baresip alice = lab.alice(dir, Baresip.Options.DEFAULT.withOpus());
        try {
            lab.awaitRegistered(PhoneLab.ALICE, SETTLE);
            int before = browser.events().size();
            browser.dial("sip:" + PhoneLab.ALICE + "@" + PhoneLab.ADDRESS);
            await().atMost(SETTLE).untilAsserted(() -> assertThat(eventsSince(before)).contains("confirmed"));
            await().atMost(SETTLE).untilAsserted(() -> {
                JsonNode stats = JSON.readTree(browser.stats());
                assertThat(stats.path("codecs").toString()).as("%s", stats).contains("audio/opus");
                assertThat(stats.path("packetsReceived").asLong()).as("%s", stats).isGreaterThan(100);
                assertThat(stats.path("heard").path("hz").asDouble()).as("the browser hears Alice's tone: %s", stats)
                        .isBetween(PhoneLab.ALICE_HZ - 15.0, PhoneLab.ALICE_HZ + 15.0);
            });
            System.out.println("browser to an Opus desk phone: " + browser.stats());
            browser.hangUp();
            await().atMost(SETTLE).untilAsserted(() -> {
                Tone.Heard heard = Tone.measure(alice.lastHeard());
                assertThat(heard.hz()).as("the Opus desk phone hears the browser's tone: %s", heard)
                        .isBetween(BROWSER_HZ - 20.0, BROWSER_HZ + 20.0);
            });
        } finally {
            alice.close();
        }
    }

    @Test
    @Order(5)
    void browserUnregisters() {
        browser.unregister();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(browser.events()).contains("unregistered");
            assertThat(lab.server().location().lookup(USER).contacts()).isEmpty();
        });
    }

    /** The call is up, DTLS-SRTP keyed, RTP flowing both ways, and the browser hears the desk phone's tone. */
    private void assertCallWithAudio(int before) throws Exception {
        await().atMost(SETTLE).untilAsserted(() -> assertThat(eventsSince(before))
                .as("browser events").contains("confirmed").noneMatch(e -> e.startsWith("failed")));
        await().atMost(SETTLE).untilAsserted(() -> {
            JsonNode stats = JSON.readTree(browser.stats());
            assertThat(stats.path("dtlsState").asText()).as("%s", stats).isEqualTo("connected");
            assertThat(stats.path("packetsReceived").asLong()).as("%s", stats).isGreaterThan(100);
            assertThat(stats.path("packetsSent").asLong()).as("%s", stats).isGreaterThan(100);
            assertThat(stats.path("heard").path("hz").asDouble()).as("the browser hears the desk phone's tone: %s", stats)
                    .isBetween(PhoneLab.BOB_HZ - 15.0, PhoneLab.BOB_HZ + 15.0);
        });
        System.out.println("browser call statistics: " + browser.stats());
        Thread.sleep(1000);
    }

    private java.util.List<String> eventsSince(int before) {
        java.util.List<String> all = browser.events();
        return all.subList(Math.min(before, all.size()), all.size());
    }

    private void assertDeskPhoneHeardBrowser() {
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(lab.server().calls().activeCalls()).isZero();
            Tone.Heard heard = Tone.measure(bob.lastHeard());
            assertThat(heard.rms()).as("the desk phone hears something: %s", heard).isGreaterThan(1000);
            assertThat(heard.hz()).as("the desk phone hears the browser's tone: %s", heard).isBetween(BROWSER_HZ - 20.0, BROWSER_HZ + 20.0);
        });
    }
}
