package io.switchboard.loadtest.phone;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A browser phone: JsSIP 3.13 (test resources, {@code webphone/phone.html}) in Debian's headless
 * Chromium, driven through chromedriver. Its microphone is a WAV file (a tone); what it hears is read
 * with Web Audio's analyser ({@link #stats()}). It answers incoming calls.
 */
public final class WebPhone implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private WebPhone(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Starts Chromium with a fake microphone sending {@code microphone} (a WAV file) and opens the phone
     * page, which registers {@code user} over {@code wsUrl}.
     */
    public static WebPhone start(Path microphone, String wsUrl, String user, String password, String domain) throws IOException {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                // The test CA is not in Chromium's store: the certificate check is what this flag skips, nothing else.
                "--ignore-certificate-errors",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + microphone.toAbsolutePath(),
                "--autoplay-policy=no-user-gesture-required",
                // Everything in the tests is on loopback, where Chromium gathers no ICE candidates unless told.
                "--allow-loopback-in-peer-connection");
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
        WebPhone phone = new WebPhone(service, driver);
        try {
            String page = WebPhone.class.getResource("/webphone/phone.html").toURI() + "?ws=" + URLEncoder.encode(wsUrl, StandardCharsets.UTF_8)
                    + "&user=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&domain=" + domain;
            driver.get(page);
        } catch (java.net.URISyntaxException | RuntimeException e) {
            phone.close();
            throw new IOException("cannot open the phone page: " + e.getMessage(), e);
        }
        return phone;
    }

    /** What happened so far: "registered 200", "confirmed", "ice connected", "ended ...". */
    @SuppressWarnings("unchecked")
    public List<String> events() {
        return (List<String>) driver.executeScript("return window.phoneEvents || [];");
    }

    public void dial(String target) {
        driver.executeScript("window.dial(arguments[0]);", target);
    }

    public void hangUp() {
        driver.executeScript("window.hangUp();");
    }

    public void unregister() {
        driver.executeScript("window.phone.unregister();");
    }

    /** The call's WebRTC statistics and the loudest frequency heard, as the page's JSON. */
    public String stats() {
        return (String) driver.executeAsyncScript("const done = arguments[arguments.length - 1]; window.callStats().then(done);");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
