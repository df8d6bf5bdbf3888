package io.switchboard.loadtest.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.loadtest.LocalMedia;
import io.switchboard.loadtest.LocalSignaling;
import io.switchboard.common.cluster.ServerType;
import io.switchboard.loadtest.RequiredTool;
import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.SippProcess;
import io.switchboard.loadtest.SippResult;

import io.switchboard.loadtest.SippRuns;
import io.switchboard.loadtest.SippScenario;
import io.switchboard.loadtest.SippTransport;
import io.switchboard.loadtest.UserCsv;
import io.switchboard.loadtest.WorkerKeys;
import io.switchboard.loadtest.bench.MeetingVoices;
import io.switchboard.meeting.MeetingServer;
import io.switchboard.meeting.MeetingSettings;
import io.switchboard.media.MediaServer;
import io.switchboard.signaling.SignalingServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The portal in a real browser (headless Chromium) against a real signaling server and media node
 * in this JVM: sign-in, the dashboard (figures and uPlot charts), the server inventory going live, users, calls and CDRs, queues (wallboard),
 * rooms and IVR applications (definitions only: no queue, meeting or IVR server runs), trunks, DIDs and ring groups, sign-out. The steps
 * run in order on one browser session, as an operator would. Signaling runs without the lab's
 * inventory, so a server gets work only once it was added here, through the portal.
 * Screenshots of each page land in {@code target/portal-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserTest {
    private static final Map<String, String> CLUSTER = Map.of("cluster.heartbeat", "250ms");
    private static final Path TARGET = Path.of(System.getProperty("basedir", "."), "target");
    private static final String ROW = "[data-test='server-row-media-server-1'] ";
    private static final String USER_ROW = "[data-test='user-row-2001'] ";
    private static final String DEFAULT_MEDIA = "vm-media";
    private static final String DEFAULT_ROW = "[data-test='server-row-vm-media'] ";
    /** media-server-1's relay ports (47000-47099): an SDP showing one proves the call is anchored there. */
    private static final String MEDIA_SERVER_1_PORTS = "470[0-9]{2}";
    private static final Duration SIPP_TIMEOUT = Duration.ofSeconds(40);

    private Path dir;
    private SignalingServer server;
    private MediaServer media;
    private MediaServer unknown;
    private MediaServer defaultMedia;
    private MeetingServer meeting;
    private PortalBrowser browser;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private int calleePort;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        RequiredTool.require(PortalBrowser.installed(), "chromium and chromedriver are not installed"
                + " (Debian: apt-get install chromium chromium-driver): the portal's browser test needs them");
        dir = tempDir;
        Map<String, String> keys = new HashMap<>(CLUSTER);
        keys.put(LocalSignaling.LAB_INVENTORY, "false");
        server = LocalSignaling.start(dir.resolve("data"), keys, System.out);
        base = "http://127.0.0.1:" + server.httpPort();
        // The all-in-one's default local media server: a default row and its node (relay ports 47200-47299).
        server.servers().ensureDefault(DEFAULT_MEDIA, ServerType.MEDIA, "127.0.0.1", 25);
        defaultMedia = LocalMedia.start(DEFAULT_MEDIA, server.hazelcast(), 47200, 47299, dir.resolve("data-vm-media"),
                CLUSTER, System.out);
        browser = PortalBrowser.start(TARGET.resolve("portal-screenshots"), TARGET.resolve("portal-downloads"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (unknown != null) {
            unknown.close();
        }
        if (meeting != null) {
            meeting.close();
        }
        if (defaultMedia != null) {
            defaultMedia.close();
        }
        if (media != null) {
            media.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedWithItsMessageAndTheRightOneSignsIn() throws Exception {
        browser.open(base + "/portal/");
        browser.type("#signin-password", "not-the-password");
        browser.click("#signin-submit");
        assertThat(browser.awaitTextContaining("#signin-error", "wrong password")).as("the refusal shown").isNotBlank();
        browser.screenshot("signin");

        browser.type("#signin-password", LocalSignaling.ADMIN_PASSWORD);
        browser.click("#signin-submit");
        browser.el("[data-test='page-dashboard']");
        browser.awaitGone("#signin-password");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/portal/#/dashboard");
    }

    @Test
    @Order(2)
    void theDashboardShowsTheFiguresAsTextAndThreeChartsThatFollowTheWindowsWidth() throws Exception {
        browser.open(base + "/portal/#/dashboard");
        browser.el("[data-test='page-dashboard']");
        // The history gets a point every 10 s: the first may take that long.
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.textOf("[data-test='dash-registrations']").matches("\\d+"));
        assertThat(browser.textOf("[data-test='dash-calls']")).matches("\\d+");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.findElements(By.cssSelector(".uplot canvas"))
                .stream().filter(c -> c.isDisplayed() && c.getSize().getWidth() > 0).count() == 3);
        assertThat(browser.el("[data-test='nav-dashboard']").getAttribute("aria-current")).isEqualTo("page");
        browser.screenshot("dashboard");

        browser.resize(390, 844);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> browser.driver.findElements(By.cssSelector(".uplot canvas"))
                    .stream().allMatch(c -> c.getSize().getWidth() > 0 && c.getSize().getWidth() <= 390));
            browser.screenshot("dashboard-phone");
        } finally {
            browser.resize(1366, 768);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.driver.findElements(By.cssSelector(".uplot canvas"))
                .stream().allMatch(c -> c.getSize().getWidth() > 390));

        browser.click("[data-test='nav-servers']");
        browser.el("[data-test='page-servers']");
        assertThat(browser.el("[data-test='tab-media']").getAttribute("aria-selected")).isEqualTo("true");
    }

    @Test
    @Order(3)
    void anAddedMediaServerIsOfflineMoreThan5000SessionsAreRefusedByTheFieldAndItsDeployCommandIsShown()
            throws Exception {
        addMediaServer("media-server-1", "127.0.0.61", "203.0.113.21", "5000");
        browser.awaitGone("#server-dialog");
        browser.awaitText(ROW + "[data-test='status']", "Offline");
        assertThat(browser.textOf(ROW + "[data-test='private-ip']")).isEqualTo("127.0.0.61");
        assertThat(browser.textOf(ROW + "[data-test='public-ip']")).isEqualTo("203.0.113.21");
        assertThat(browser.textOf(ROW + "[data-test='sessions']")).isEqualTo("0 / 5000");
        assertThat(browser.textOf(ROW + "[data-test='default']")).isEmpty();
        browser.awaitText("[data-test='deploy-command']",
                "./switchboard extend run -s media-server-only -n media-server-1 -a 127.0.0.61");
        assertThat(browser.el("[data-test='deploy-copy']").getText()).isEqualTo("Copy");

        addMediaServer("media-server-2", "127.0.0.62", "", "6000");
        String refusal = browser.awaitTextContaining("#server-maxSessions-error", "5000");
        assertThat(refusal).as("the API's message, by the field").contains("6000");
        assertThat(browser.el("#server-maxSessions").getAttribute("max")).isEqualTo("5000");
        assertThat(browser.el("#server-maxSessions-hint").getText())
                .contains("At most 5,000 per media server; for more calls add another media server");
        assertThat(browser.el("#server-dialog").isDisplayed()).as("the dialog stays open").isTrue();
        browser.screenshot("server-dialog");
        browser.click("#server-cancel");
        browser.awaitGone("#server-dialog");
        assertThat(browser.driver.findElements(By.cssSelector("[data-test='server-row-media-server-2']"))).isEmpty();
    }

    @Test
    @Order(4)
    void aMediaServerThatStartsTurnsItsRowOnlineWithoutAReload() throws Exception {
        Object page = browser.pageMarker();
        // 47000-47099: relay ports no other loadtest uses; its own cap is then 25 sessions.
        media = LocalMedia.start("media-server-1", server.hazelcast(), 47000, 47099, dir.resolve("data-media"),
                CLUSTER, System.out);
        browser.awaitText(ROW + "[data-test='status']", "Online");
        assertThat(browser.pageMarker()).as("the same page, updated in place").isEqualTo(page);
        browser.awaitText(ROW + "[data-test='sessions']", "0 / 25");
        assertThat(browser.textOf(ROW + "[data-test='version']")).isNotBlank().isNotEqualTo("—");
        assertThat(browser.textOf(ROW + "[data-test='heartbeat']")).matches("\\d+ s ago");
        assertThat(browser.el(ROW + "[data-test='status']").getAttribute("class")).contains("badge-online");
        browser.screenshot("servers");
    }

    @Test
    @Order(5)
    void disablingTheServerFromItsRowShowsDisabledAndEnablingShowsOnlineAndEditKeepsTheName() throws Exception {
        browser.click(ROW + "[data-test='disable']");
        browser.awaitText(ROW + "[data-test='status']", "Disabled");
        browser.click(ROW + "[data-test='enable']");
        browser.awaitText(ROW + "[data-test='status']", "Online");

        browser.click("[data-test='deploy-copy']");
        // The headless browser may refuse the clipboard: then the command is selected for Ctrl+C instead.
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.textOf("[data-test='deploy-copy']").equals("Copied")
                || String.valueOf(browser.driver.executeScript("return getSelection().toString()")).contains("extend run"));

        browser.click(ROW + "[data-test='edit']");
        browser.el("#server-dialog");
        assertThat(browser.el("#server-name").getAttribute("readonly")).as("the name is the key").isNotNull();
        browser.type("#server-maxSessions", "4000");
        browser.click("#server-save");
        browser.awaitGone("#server-dialog");
        await().atMost(Duration.ofSeconds(5)).until(() -> apiJson("/api/servers/media-server-1").path("maxSessions").asInt() == 4000);
        browser.awaitText(ROW + "[data-test='status']", "Online");

        // The other categories: their own tables, empty here, the arrow keys moving between the tabs.
        browser.click("[data-test='tab-ivr']");
        browser.awaitTextContaining("[data-test='page-servers'] tbody", "No ivr servers yet.");
        browser.el("#tab-ivr").sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        assertThat(browser.el("[data-test='tab-media']").getAttribute("aria-selected")).isEqualTo("true");
        browser.el(ROW);
    }

    @Test
    @Order(6)
    void aNodeNobodyAddedIsUnknownUntilAddedByItsNameFromItsRow() throws Exception {
        String row = "[data-test='server-row-media-server-3'] ";
        unknown = LocalMedia.start("media-server-3", server.hazelcast(), 47100, 47199, dir.resolve("data-media-3"),
                CLUSTER, System.out);
        browser.awaitText(row + "[data-test='status']", "Unknown");
        assertThat(browser.driver.findElements(By.cssSelector(row + "[data-test='disable']"))).as("no work to drain").isEmpty();
        browser.click(row + "[data-test='add-unknown']");
        assertThat(browser.el("#server-name").getAttribute("value")).isEqualTo("media-server-3");
        assertThat(browser.el("#server-privateAddress").getAttribute("value")).as("the node's own address")
                .isEqualTo("127.0.0.1");
        browser.click("#server-save");
        browser.awaitGone("#server-dialog");
        browser.awaitText(row + "[data-test='status']", "Online");
        browser.awaitText("[data-test='deploy-command']",
                "./switchboard extend run -s media-server-only -n media-server-3 -a 127.0.0.1");
    }

    @Test
    @Order(7)
    void aUserIsAddedWithFieldErrorsShownListedDisabledAndDeleted() throws Exception {
        browser.click("[data-test='nav-users']");
        browser.el("[data-test='page-users']");
        browser.awaitText("[data-test='users-range']", "0 of 0");

        browser.type("#user-extension", "2001");
        browser.type("#user-password", "1234");
        browser.type("#user-displayName", "Reception");
        browser.click("#user-add");
        assertThat(browser.awaitTextContaining("#user-password-error", "password")).as("a weak password, by its field")
                .isNotBlank();

        browser.type("#user-password", "correct-horse-battery-staple-2001");
        browser.click("#user-add");
        browser.awaitText(USER_ROW + "[data-test='enabled']", "Yes");
        assertThat(browser.textOf(USER_ROW + "[data-test='name']")).isEqualTo("Reception");
        assertThat(browser.textOf(USER_ROW + "[data-test='registered']")).isEqualTo("No");
        browser.awaitText("[data-test='users-range']", "1–1 of 1");
        assertThat(browser.el("#user-extension").getAttribute("value")).as("the form is emptied").isEmpty();
        browser.screenshot("users");

        browser.type("#user-search", "99");
        browser.click("[data-test='user-search']");
        browser.awaitText("[data-test='users-range']", "0 of 0");
        browser.type("#user-search", "Recep");
        browser.click("[data-test='user-search']");
        browser.awaitText("[data-test='users-range']", "1–1 of 1");
        browser.el("[data-test='user-row-2001']");

        browser.click(USER_ROW + "[data-test='edit']");
        browser.el("#user-dialog");
        browser.type("#user-edit-displayName", "Front desk");
        browser.type("#user-edit-password", "short");
        browser.click("[data-test='user-edit-save']");
        assertThat(browser.awaitTextContaining("#user-edit-password-error", "password")).as("by its field").isNotBlank();
        browser.screenshot("user-edit");
        browser.type("#user-edit-password", "");
        browser.click("[data-test='user-edit-save']");
        browser.awaitGone("#user-dialog");
        browser.awaitGone(USER_ROW); // renamed: no longer a match for "Recep"
        browser.type("#user-search", "front");
        browser.click("[data-test='user-search']");
        browser.awaitText(USER_ROW + "[data-test='name']", "Front desk");

        // Call features from the row: a refused value names its field, then DND and a busy forward are kept.
        browser.click(USER_ROW + "[data-test='features']");
        browser.el("#features-dialog");
        browser.el("#features-dnd").click();
        browser.type("#features-forwardBusy", "2002");
        browser.type("#features-noAnswerSeconds", "2");
        browser.click("[data-test='features-save']");
        browser.awaitTextContaining("#features-noAnswerSeconds-error", "5-300");
        browser.type("#features-noAnswerSeconds", "20");
        browser.click("[data-test='features-save']");
        browser.awaitGone("#features-dialog");
        JsonNode features = apiJson("/api/users/2001/features");
        assertThat(features.path("dnd").asBoolean()).isTrue();
        assertThat(features.path("forwardBusy").asText()).isEqualTo("2002");
        assertThat(features.path("noAnswerSeconds").asInt()).isEqualTo(20);

        browser.click(USER_ROW + "[data-test='disable']");
        browser.awaitText(USER_ROW + "[data-test='enabled']", "No");
        browser.click(USER_ROW + "[data-test='delete']");
        browser.confirm();
        browser.awaitGone("[data-test='user-row-2001']");
        browser.awaitText("[data-test='users-range']", "0 of 0");
    }

    @Test
    @Order(8)
    void aCsvImportWithTwoBadLinesImportsTheRestAndListsBothWithTheirLineNumbers() throws Exception {
        Path csv = dir.resolve("users.csv");
        Files.writeString(csv, "extension,password,display_name\n"
                + "3001," + UserCsv.password(3001) + ",Ada Lovelace\n"
                + "3003,,Nobody\n"
                + "3002," + UserCsv.password(3002) + ",Alan Turing\n"
                + "30 04," + UserCsv.password(3004) + ",Bad Extension\n"
                + "3005," + UserCsv.password(3005) + ",Grace Hopper\n");
        browser.type("#user-search", "");
        browser.click("[data-test='user-search']");
        browser.el("#user-import-file").sendKeys(csv.toString());
        browser.click("#user-import-submit");

        browser.awaitTextContaining("[data-test='user-import-summary']", "3 imported, 2 refused");
        List<String> errors = browser.driver.findElements(By.cssSelector("[data-test='user-import-errors'] li")).stream()
                .map(WebElement::getText).toList();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith("line 3:").contains("password");
        assertThat(errors.get(1)).startsWith("line 5:").contains("extension");
        assertThat(browser.el("[data-test='user-import-progress']").getAttribute("value")).isEqualTo("100");
        browser.awaitText("[data-test='users-range']", "1–3 of 3");
        browser.screenshot("users-import");
    }

    @Test
    @Order(9)
    void aPhoneThatRegistersShowsInItsUsersRowWithoutAReload() throws Exception {
        Object page = browser.pageMarker();
        calleePort = register("3002");
        String row = "[data-test='user-row-3002'] [data-test='registered']";
        browser.awaitText(row + " summary", "1 phone");
        assertThat(browser.pageMarker()).as("the same page, updated in place").isEqualTo(page);
        browser.click(row + " summary");
        assertThat(browser.textOf(row + " [data-test='contact']")).contains("127.0.0.1:" + calleePort).contains("UDP")
                .contains("expires in");
        assertThat(browser.textOf("[data-test='user-row-3001'] [data-test='registered']")).isEqualTo("No");
        browser.screenshot("users-registered");
    }

    /**
     * The seed's walk: the default media server disabled, the next call lands on media-server-1; the
     * live call appears on the Calls page, the operator hangs it up there, both phones get BYE, and the
     * CDR page finds it by extension and disposition.
     */
    @Test
    @Order(10)
    void withTheDefaultMediaServerDisabledTheNextCallLandsOnMediaServer1AndIsHungUpFromTheCallsPage() throws Exception {
        browser.click("[data-test='nav-servers']");
        browser.click("[data-test='tab-media']");
        browser.awaitText(DEFAULT_ROW + "[data-test='status']", "Online");
        assertThat(browser.textOf(DEFAULT_ROW + "[data-test='default']")).isNotBlank();
        browser.click(DEFAULT_ROW + "[data-test='disable']");
        browser.awaitText(DEFAULT_ROW + "[data-test='status']", "Disabled");
        // media-server-3 (added in step 6) is removed from its row: it heartbeats on, as Unknown, with no work.
        String third = "[data-test='server-row-media-server-3'] ";
        browser.click(third + "[data-test='remove']");
        browser.confirm();
        browser.awaitText(third + "[data-test='status']", "Unknown");
        browser.screenshot("servers-default-disabled");

        browser.click("[data-test='nav-calls']");
        browser.el("[data-test='page-calls']");
        browser.awaitText("[data-test='calls-total']", "(0)");
        SippProcess callee = Sipp.scenario(SippScenario.CALLEE_ANSWERS, server.sipPort(), dir.resolve("sipp-callee"))
                .localPort(calleePort).mediaPort(Sipp.freeMediaPortBlock()).key("callee", "3002")
                .placeholder("relay-port", MEDIA_SERVER_1_PORTS).recvTimeout(SIPP_TIMEOUT).timeout(SIPP_TIMEOUT).start();
        SippRuns.awaitBound(calleePort);
        SippProcess caller = Sipp.scenario(SippScenario.CALLER_AWAITS_BYE, server.sipPort(), dir.resolve("sipp-caller"))
                .injection(UserCsv.writeInjection(dir.resolve("inf-3001.csv"), 3001, 1, UserCsv::password))
                .localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                .key("callee", "3002").placeholder("relay-port", MEDIA_SERVER_1_PORTS)
                .recvTimeout(SIPP_TIMEOUT).timeout(SIPP_TIMEOUT).start();

        String call = "[data-test='call-row-3002'] ";
        browser.awaitText(call + "[data-test='state']", "Answered");
        assertThat(browser.textOf(call + "[data-test='caller']")).isEqualTo("3001");
        assertThat(browser.textOf(call + "[data-test='media-node']")).isEqualTo("media-server-1");
        browser.awaitText("[data-test='calls-total']", "(1)");
        browser.screenshot("calls-live");

        browser.click(call + "[data-test='hang-up']");
        browser.confirm();
        browser.awaitGone("[data-test='call-row-3002']");
        browser.el("[data-test='calls-empty']");
        SippResult a = caller.await();
        SippResult b = callee.await();
        assertThat(a.allSucceeded()).as("the caller got our BYE: %s", a.describe()).isTrue();
        assertThat(b.allSucceeded()).as("the callee got our BYE: %s", b.describe()).isTrue();

        browser.click("[data-test='nav-cdrs']");
        browser.el("[data-test='page-cdrs']");
        browser.type("#cdr-ext", "3002");
        new Select(browser.el("#cdr-disposition")).selectByValue("answered");
        browser.click("#cdr-search");
        browser.awaitText("[data-test='cdrs-range']", "1–1 of 1");
        WebElement cdr = browser.el("[data-test='cdrs-table'] tbody tr");
        assertThat(cdr.getText()).contains("3001").contains("3002").contains("ANSWERED").contains("operator")
                .contains("media-server-1");
        new Select(browser.el("#cdr-disposition")).selectByValue("busy");
        browser.click("#cdr-search");
        browser.awaitText("[data-test='cdrs-range']", "0 of 0");
        browser.type("#cdr-ext", "30'x");
        browser.click("#cdr-search");
        browser.awaitTextContaining("#cdr-ext-error", "ext must be");
        browser.type("#cdr-ext", "");
        new Select(browser.el("#cdr-disposition")).selectByValue("");
        browser.screenshot("cdrs-filtered");

        browser.click("[data-test='nav-servers']");
        browser.click(DEFAULT_ROW + "[data-test='enable']");
        browser.awaitText(DEFAULT_ROW + "[data-test='status']", "Online");
    }

    private int register(String ext) {
        return SippRuns.register(server, dir, ext, SIPP_TIMEOUT);
    }

    @Test
    @Order(11)
    void theCdrPageFiltersByTimeAndDownloadsCsvAndTheCallsPageLoads() throws Exception {
        browser.click("[data-test='nav-cdrs']");
        browser.el("[data-test='page-cdrs']");
        browser.click("#cdr-search");
        browser.awaitText("[data-test='cdrs-range']", "1–1 of 1"); // the call of step 10

        // A period that ends before it starts: the API names the field, the page shows it there.
        browser.setValue("#cdr-from", "2030-01-02T00:00");
        browser.setValue("#cdr-to", "2030-01-01T00:00");
        browser.click("#cdr-search");
        browser.awaitTextContaining("#cdr-from-error", "before");

        browser.setValue("#cdr-to", "2030-01-03T00:00");
        browser.click("#cdr-search");
        browser.awaitGone("#cdr-from-error");
        browser.awaitText("[data-test='cdrs-range']", "0 of 0");
        browser.el("[data-test='cdrs-empty']");

        browser.setValue("#cdr-from", "2020-01-01T00:00");
        browser.click("#cdr-search");
        browser.awaitText("[data-test='cdrs-range']", "1–1 of 1");
        browser.screenshot("cdrs");

        browser.clearDownloads();
        browser.click("#cdr-csv");
        Path csv = browser.awaitDownload("cdrs-", ".csv");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).as("the header and the one record in the period").hasSize(2);
        assertThat(lines.get(0)).isEqualTo(
                "id,callId,caller,callee,startedAt,answeredAt,endedAt,durationMillis,disposition,sipStatus,endedBy,mediaNode");
        assertThat(lines.get(1)).contains(",3001,3002,").contains(",ANSWERED,200,operator,media-server-1");

        browser.click("[data-test='nav-calls']");
        browser.el("[data-test='page-calls']");
        browser.awaitText("[data-test='calls-total']", "(0)");
        assertThat(browser.el("[data-test='calls-table'] tbody").getText()).contains("No calls right now.");
        browser.screenshot("calls");
    }

    @Test
    @Order(12)
    void aQueueIsAddedWithAFieldErrorFirstListedAndItsWallboardShowsNobodyWaiting() throws Exception {
        browser.click("[data-test='nav-queues']");
        browser.el("[data-test='page-queues']");
        assertThat(new Select(browser.el("#queue-strategy")).getOptions()).as("the eight strategies").hasSize(8);

        browser.type("#queue-name", "support");
        browser.type("#queue-number", "7");
        new Select(browser.el("#queue-strategy")).selectByValue("round-robin");
        browser.click("#queue-add");
        browser.awaitTextContaining("#queue-number-error", "2-15 digits");

        browser.type("#queue-number", "7000");
        browser.click("#queue-add");
        String row = "[data-test='queue-row-support'] ";
        browser.awaitText(row + "[data-test='number']", "7000");
        assertThat(browser.textOf(row + "[data-test='strategy']")).isEqualTo("round-robin");
        assertThat(browser.textOf(row + "[data-test='members']")).isEqualTo("0");
        assertThat(browser.el("#queue-name").getAttribute("value")).as("the form is emptied").isEmpty();

        browser.click(row + "[data-test='open']");
        browser.el("[data-test='wallboard']");
        browser.awaitText("[data-test='wb-waiting']", "0");
        assertThat(browser.textOf("[data-test='wb-answered']")).isEqualTo("0");
        assertThat(browser.textOf("[data-test='wb-service-level']")).isEqualTo("100 %");
        browser.el("[data-test='agents-empty']");

        // Members: a number nobody has is refused by the field; imported users join; one leaves.
        browser.type("#member-extension", "3999");
        browser.click("#member-add");
        browser.awaitTextContaining("#member-extension-error", "3999");
        browser.type("#member-extension", "3001");
        browser.click("#member-add");
        browser.awaitText("[data-test='agent-row-3001'] [data-test='tier']", "1");
        browser.type("#member-extension", "3005");
        browser.type("#member-tier", "2");
        browser.click("#member-add");
        browser.awaitText("[data-test='agent-row-3005'] [data-test='tier']", "2");
        browser.awaitText(row + "[data-test='members']", "2");
        browser.click("[data-test='agent-row-3001'] [data-test='remove-member']");
        browser.confirm();
        browser.awaitGone("[data-test='agent-row-3001']");
        browser.awaitText(row + "[data-test='members']", "1");

        // Settings: a bad value named by its field, then a new strategy and ring timeout saved.
        browser.click("[data-test='queue-settings']");
        browser.el("#queue-dialog");
        browser.type("#queue-set-ringTimeout", "0");
        browser.click("[data-test='queue-settings-save']");
        browser.awaitTextContaining("#queue-set-ringTimeout-error", "ringTimeout");
        browser.screenshot("queue-settings");
        browser.type("#queue-set-ringTimeout", "25");
        new Select(browser.el("#queue-set-strategy")).selectByValue("longest-idle");
        browser.click("[data-test='queue-settings-save']");
        browser.awaitGone("#queue-dialog");
        browser.awaitText(row + "[data-test='strategy']", "longest-idle");
        JsonNode queue = apiJson("/api/queues/support");
        assertThat(queue.path("ringTimeout").asInt()).isEqualTo(25);
        assertThat(queue.path("members")).as("the members kept by the replace").hasSize(1);
        browser.screenshot("queues");
    }

    @Test
    @Order(13)
    void aRoomIsAddedWithAFieldErrorFirstListedAndShownClosedWithNobodyIn() throws Exception {
        browser.click("[data-test='nav-rooms']");
        browser.el("[data-test='page-rooms']");
        browser.type("#room-number", "9000");
        browser.type("#room-name", "Standup");
        browser.type("#room-pin", "1234");
        browser.type("#room-moderatorPin", "9876");
        browser.type("#room-maxParticipants", "0");
        browser.click("#room-add");
        browser.awaitTextContaining("#room-maxParticipants-error", "1-10000");

        browser.type("#room-maxParticipants", "50");
        browser.click("#room-add");
        String row = "[data-test='room-row-9000'] ";
        browser.awaitText(row + "[data-test='name']", "Standup");
        assertThat(browser.textOf(row + "[data-test='max']")).isEqualTo("50");

        browser.click(row + "[data-test='open']");
        browser.awaitText("[data-test='room-status']", "Closed");
        browser.awaitText("[data-test='room-pin']", "1234");
        browser.el("[data-test='participants-empty']");
        assertThat(browser.el("[data-test='room-end']").isEnabled()).as("nothing to end in a closed room").isFalse();

        browser.click("[data-test='room-edit']");
        browser.el("#room-dialog");
        assertThat(browser.el("#room-edit-name").getAttribute("value")).isEqualTo("Standup");
        browser.type("#room-edit-moderatorPin", "1234");
        browser.click("[data-test='room-edit-save']");
        browser.awaitTextContaining("#room-edit-moderatorPin-error", "pin");
        browser.type("#room-edit-moderatorPin", "9876");
        browser.type("#room-edit-pin", "4321");
        browser.type("#room-edit-talkers", "5");
        browser.click("[data-test='room-edit-save']");
        browser.awaitGone("#room-dialog");
        browser.awaitText("[data-test='room-pin']", "4321");
        assertThat(apiJson("/api/rooms/9000").path("talkers").asInt()).isEqualTo(5);
        browser.screenshot("rooms");
    }

    /** A live room: two SIPp participants speaking tones; mute, lock, kick and end from the page. */
    @Test
    @Order(14)
    void aLiveRoomShowsItsTalkersAndIsMutedLockedKickedAndEndedFromThePage() throws Exception {
        meeting = MeetingServer.embedded(MeetingSettings.load(WorkerKeys.loopback("meeting", "meeting-a", 47300, 47399,
                dir.resolve("data-meeting-a"))), "loadtest", System.out, server.hazelcast());
        server.servers().ensureDefault("meeting-a", ServerType.MEETING, "127.0.0.1", 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> "online".equals(apiJson("/api/servers/meeting-a").path("status").asText()));
        apiPost("/api/rooms", "{\"number\":\"9100\",\"name\":\"Live\"}"); // as a script would
        browser.click("[data-test='nav-calls']"); // the list is read on each visit
        browser.click("[data-test='nav-rooms']");
        browser.awaitText("[data-test='room-row-9100'] [data-test='name']", "Live");

        try (MeetingVoices voices = new MeetingVoices(new int[] {400, 700}, new int[] {4000, 4000})) {
            Path inf = dir.resolve("inf-room.csv");
            Files.writeString(inf, "SEQUENTIAL\n"
                    + "3001;[authentication username=3001 password=" + UserCsv.password(3001) + "];" + voices.voice(0).port + "\n"
                    + "3002;[authentication username=3002 password=" + UserCsv.password(3002) + "];" + voices.voice(1).port + "\n");
            Sipp run = Sipp.scenario(SippScenario.CALLER_HANGS_UP, server.sipPort(), dir.resolve("sipp-room"))
                    .injection(inf).localPort(Sipp.freeLocalPort(SippTransport.UDP)).calls(2).rate(2, Duration.ofSeconds(1))
                    .key("room", "9100").recvTimeout(SIPP_TIMEOUT).timeout(SIPP_TIMEOUT);
            SippProcess participants = SippRuns.start(run, "meeting-participant.xml", Map.of("stay-ms", "30000"));

            browser.click("[data-test='room-row-9100'] [data-test='open']");
            browser.awaitText("[data-test='room-status']", "Open");
            browser.awaitText("[data-test='room-count']", "(2)");
            String first = "[data-caller='3001'] ";
            String second = "[data-caller='3002'] ";
            browser.awaitText(first + "[data-test='talking']", "Yes");
            browser.screenshot("room-live");

            browser.click(first + "[data-test='mute']");
            browser.awaitText(first + "[data-test='muted']", "Yes");
            browser.click("[data-test='room-lock']");
            browser.awaitText("[data-test='room-status']", "Open, locked");
            browser.click(second + "[data-test='kick']");
            browser.confirm();
            browser.awaitText("[data-test='room-count']", "(1)");
            browser.screenshot("room-actions");
            browser.click("[data-test='room-end']");
            browser.confirm();
            browser.awaitText("[data-test='room-status']", "Closed");

            SippResult r = participants.await();
            assertThat(r.allSucceeded()).as("both left on the room's BYE: %s", r.describe()).isTrue();
        }
    }

    @Test
    @Order(15)
    void anIvrApplicationIsCreatedAndABrokenSaveListsItsProblemWithTheLineMarked() throws Exception {
        // The definitions are checked against the prompts that exist (signaling's <data-dir>/prompts).
        Path prompts = Files.createDirectories(dir.resolve("data").resolve("prompts"));
        Files.write(prompts.resolve("welcome.wav"), new byte[44]);
        browser.click("[data-test='nav-ivr']");
        browser.el("[data-test='page-ivr']");
        browser.click("#ivr-new");
        browser.type("#ivr-name", "shop");
        browser.setValue("#ivr-yaml", """
                name: shop
                number: "8100"
                start: main
                menus:
                  main:
                    prompt: welcome
                    digits:
                      "0": repeat
                """);
        browser.click("#ivr-save");
        browser.awaitText("[data-test='ivr-saved']", "Saved version 1.");
        String row = "[data-test='ivr-row-shop'] ";
        browser.awaitText(row + "[data-test='number']", "8100");
        assertThat(browser.textOf(row + "[data-test='menus']")).isEqualTo("1");

        browser.setValue("#ivr-yaml", """
                name: shop
                number: "8100"
                start: main
                menus:
                  main:
                    prompt: no-such-prompt
                    digits:
                      "0": repeat
                """);
        browser.click("#ivr-save");
        String problem = browser.awaitTextContaining("[data-test='ivr-problem-6']", "Line 6");
        assertThat(problem).contains("no-such-prompt");
        assertThat(browser.el("[data-test='ivr-gutter'] [data-line='6']").getAttribute("class")).contains("bad");
        assertThat(String.valueOf(browser.el("[data-test='ivr-gutter'] [data-line='5']").getAttribute("class"))).doesNotContain("bad");
        assertThat(browser.textOf(row + "[data-test='version']")).as("the refused save stored nothing").isEqualTo("1");
        browser.screenshot("ivr");
    }

    @Test
    @Order(15)
    void aTrunkAndADidAreAddedWithAFieldErrorFirstAndARingGroupIsListed() throws Exception {
        browser.click("[data-test='nav-trunks']");
        browser.el("[data-test='page-trunks']");
        browser.type("#trunk-name", "carrier");
        browser.type("#trunk-host", "127.0.0.95");
        browser.click("#trunk-add");
        // An IP trunk without the provider's addresses: refused, naming the field.
        browser.awaitTextContaining("#trunk-addresses-error", "addresses");
        browser.type("#trunk-addresses", "127.0.0.95, 198.51.100.0/24");
        browser.type("#trunk-codecs", "PCMA,PCMU");
        browser.click("#trunk-add");
        String row = "[data-test='trunk-row-carrier'] ";
        browser.awaitText(row + "[data-test='kind']", "ip");
        assertThat(browser.textOf(row + "[data-test='host']")).isEqualTo("127.0.0.95:5060/udp");
        assertThat(apiJson("/api/trunks/carrier").path("codecs").toString()).isEqualTo("[\"PCMA\",\"PCMU\"]");

        browser.type("#did-number", "+3222001234");
        browser.type("#did-destination", "1001");
        browser.click("[data-test='did-add']");
        browser.awaitText("[data-test='did-row-+3222001234'] [data-test='destination']", "1001");

        apiPost("/api/routes", "{\"name\":\"national\",\"pattern\":\"0[1-9][0-9]{8}\",\"trunks\":[\"carrier\"]}");
        browser.click("[data-test='nav-groups']");
        browser.el("[data-test='page-groups']");
        browser.type("#group-name", "sales");
        browser.type("#group-number", "6001");
        browser.type("#group-members", "1001, 1002");
        browser.type("#group-ringSeconds", "2");
        browser.click("#group-add");
        browser.awaitTextContaining("#group-ringSeconds-error", "5-300");
        browser.type("#group-ringSeconds", "15");
        browser.click("#group-add");
        browser.awaitText("[data-test='group-row-sales'] [data-test='members']", "1001, 1002");

        browser.click("[data-test='nav-trunks']");
        browser.awaitText("[data-test='route-row-national'] [data-test='trunks']", "carrier");
        browser.screenshot("trunks");
        browser.click(row + "[data-test='delete']");
        browser.confirm();
        browser.awaitGone("[data-test='trunk-row-carrier']");
    }

    @Test
    @Order(16)
    void atPhoneWidthTheNavCollapsesBehindAMenuButton() throws Exception {
        browser.click("[data-test='nav-servers']");
        browser.awaitText(ROW + "[data-test='status']", "Online");
        browser.resize(390, 844);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !browser.driver
                    .findElement(By.cssSelector("[data-test='nav-users']")).isDisplayed());
            WebElement menu = browser.el(".nav-toggle");
            assertThat(menu.getAttribute("aria-expanded")).isEqualTo("false");
            menu.click();
            browser.el("[data-test='nav-users']");
            assertThat(menu.getAttribute("aria-expanded")).isEqualTo("true");
            browser.screenshot("servers-phone");
            browser.click("[data-test='nav-users']");
            browser.el("[data-test='page-users']");
            assertThat(menu.getAttribute("aria-expanded")).as("picking a page closes the menu").isEqualTo("false");
        } finally {
            browser.resize(1366, 768);
        }
    }

    @Test
    @Order(17)
    void signingOutReturnsToSignInAndTheOldCookieThenGets401() throws Exception {
        Cookie session = browser.cookie("sb_session");
        assertThat(session).as("the session cookie").isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(apiStatus(session.getValue())).as("the cookie works while signed in").isEqualTo(200);

        browser.click("[data-test='signout']");
        browser.el("#signin-password");
        browser.awaitGone("[data-test='page-users']");
        assertThat(browser.cookie("sb_session")).as("the cookie is cleared").isNull();
        assertThat(apiStatus(session.getValue())).as("the old cookie after sign-out").isEqualTo(401);
    }

    @Test
    @Order(18)
    void afterTenWrongPasswordsTheSignInSaysHowLongToWait() throws Exception {
        browser.el("#signin-password");
        // Step 1 made one mistake already and ten are free: the eleventh locks for 1 s, the next for 2 s, ...
        // so the first 429 comes on the tenth attempt here, or a little later when an attempt took over 1 s.
        int attempts = 0;
        while (!browser.textOf("#signin-error").contains("too many") && attempts < 16) {
            browser.type("#signin-password", "wrong-" + attempts);
            // Blank the shown message, so the wait below sees this attempt's answer, not the last one's.
            browser.driver.executeScript("document.getElementById('signin-error').textContent = ''");
            browser.click("#signin-submit");
            attempts++;
            await().atMost(Duration.ofSeconds(5)).until(() -> browser.el("#signin-submit").isEnabled()
                    && !browser.textOf("#signin-error").isEmpty());
        }
        assertThat(attempts).as("locked after ten free wrong passwords").isBetween(10, 14);
        browser.awaitTextContaining("#signin-error", "too many wrong passwords");
        assertThat(browser.textOf("#signin-error")).containsPattern("retry in \\d+ s");
        browser.screenshot("signin-locked");
    }

    private void addMediaServer(String name, String privateIp, String publicIp, String maxSessions) {
        browser.click("[data-test='tab-media']");
        browser.click("#server-add");
        browser.el("#server-dialog");
        browser.type("#server-name", name);
        browser.type("#server-privateAddress", privateIp);
        browser.type("#server-publicAddress", publicIp);
        browser.type("#server-maxSessions", maxSessions);
        browser.click("#server-save");
    }

    private void apiPost(String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", basic())
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    }

    private static String basic() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                ("admin:" + LocalSignaling.ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A resource as the API answers it (HTTP Basic, as a script would ask). */
    private JsonNode apiJson(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", basic())
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }

    /** GET /api/servers with only the portal's cookie, as another tab (or a thief) would send it. */
    private int apiStatus(String cookie) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/servers"))
                .header("Cookie", "sb_session=" + cookie).header("X-Switchboard-Portal", "1")
                .timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
