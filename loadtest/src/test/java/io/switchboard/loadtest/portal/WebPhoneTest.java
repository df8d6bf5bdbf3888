package io.switchboard.loadtest.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.loadtest.LocalSignaling;
import io.switchboard.loadtest.RequiredTool;
import io.switchboard.loadtest.TestCertificates;
import io.switchboard.signaling.SignalingServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser phone over SIP over secure WebSocket (RFC 7118): JsSIP 3.13 (from npm, bundled into the
 * test resources) in headless Chromium registers to signaling on 127.0.0.41 over wss with a
 * certificate from a CA made here, answers the digest challenge, shows up as a WSS binding, and
 * unregisters. Calls from the browser need WebRTC media (DTLS-SRTP), which the media servers do not
 * do yet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class WebPhoneTest {
    private static final String ADDRESS = "127.0.0.41";
    private static final String USER = "1003";
    private static final String PASSWORD = "Web-Hq8z-1003-phone";
    private SignalingServer server;
    private PortalBrowser browser;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        RequiredTool.require(PortalBrowser.installed(), "chromium and chromedriver are not installed"
                + " (apt-get install chromium chromium-driver; .ci/run installs them)");
        TestCertificates certs = TestCertificates.write(dir, ADDRESS);
        server = LocalSignaling.start(dir.resolve("data"), Map.of("sip.address", ADDRESS, "sip.tls.certificate", certs.certificate().toString(),
                "sip.tls.private-key", certs.privateKey().toString(), "sip.tls.port", "0", "sip.websocket.secure-port", "0"), System.out);
        server.users().create(USER, PASSWORD, "Web phone");
        // The test CA is not in Chromium's store: the certificate check is what this flag skips, nothing else.
        browser = PortalBrowser.start(dir.resolve("shots"), dir.resolve("downloads"), "--ignore-certificate-errors");
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> events() {
        return (List<String>) browser.driver.executeScript("return window.phoneEvents || [];");
    }

    @Test
    void jsSipInChromiumRegistersOverSecureWebSocketAndUnregisters_rfc7118() throws Exception {
        int wss = server.sipWebSocketPorts()[1];
        assertThat(wss).isPositive();
        String page = WebPhoneTest.class.getResource("/webphone/phone.html").toURI().toString() + "?ws="
                + URLEncoder.encode("wss://" + ADDRESS + ":" + wss + "/", StandardCharsets.UTF_8) + "&user=" + USER
                + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&domain=" + ADDRESS;
        browser.open(page);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events()).contains("registered 200"));
        assertThat(events()).noneMatch(e -> e.startsWith("registrationFailed"));
        assertThat(server.location().lookup(USER).contacts()).singleElement()
                .satisfies(c -> assertThat(c.transport()).isEqualTo("WSS"));

        browser.driver.executeScript("window.phone.unregister();");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(events()).contains("unregistered");
            assertThat(server.location().lookup(USER).contacts()).isEmpty();
        });
    }
}
