package io.switchboard.loadtest.portal;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven by Debian's chromium + chromium-driver (never a downloaded driver:
 * the paths are given, so Selenium Manager is not asked), with the few waits the portal test needs.
 * Every wait looks the element up again on each try: the portal re-renders rows as it polls.
 */
final class PortalBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Longer than the portal's 2 s poll plus a heartbeat or two. */
    static final Duration WAIT = Duration.ofSeconds(10);

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path screenshots;
    private final Path downloads;

    private PortalBrowser(ChromeDriverService service, ChromeDriver driver, Path screenshots, Path downloads) {
        this.service = service;
        this.driver = driver;
        this.screenshots = screenshots;
        this.downloads = downloads;
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static PortalBrowser start(Path screenshots, Path downloads, String... extraArguments) throws IOException {
        Files.createDirectories(screenshots);
        Files.createDirectories(downloads);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768",
                "--lang=en-US");
        options.addArguments(extraArguments);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        try {
            return new PortalBrowser(service, new ChromeDriver(service, options), screenshots, downloads);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement el(String css) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void click(String css) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    /**
     * Empties the input as a user would (select all, delete: {@code clear()} fires no input event, so
     * Alpine's x-model would keep the old value) and types {@code text}.
     */
    void type(String css, String text) {
        WebElement input = el(css);
        input.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), org.openqa.selenium.Keys.DELETE);
        input.sendKeys(text);
    }

    /** Waits until the element's visible text is exactly {@code text}; returns it. */
    String awaitText(String css, String text) {
        new WebDriverWait(driver, WAIT).withMessage(() -> css + " to read '" + text + "', reads '" + textOf(css) + "'")
                .until(ExpectedConditions.textToBe(By.cssSelector(css), text));
        return text;
    }

    /** Waits until the element's visible text contains {@code part}; returns the whole text. */
    String awaitTextContaining(String css, String part) {
        new WebDriverWait(driver, WAIT).withMessage(() -> css + " to contain '" + part + "', reads '" + textOf(css) + "'")
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), part));
        return textOf(css);
    }

    void awaitGone(String css) {
        new WebDriverWait(driver, WAIT).withMessage(() -> css + " to go")
                .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Sets an input's value as a user's pick would, with its input event (typing into a
     * datetime-local field depends on the browser's locale).
     */
    void setValue(String css, String value) {
        driver.executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", el(css), value);
    }

    void clearDownloads() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    /** The one finished download named {@code prefix...suffix} (Chromium writes .crdownload until done). */
    Path awaitDownload(String prefix, String suffix) {
        return await().atMost(WAIT).until(() -> {
            try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(f -> {
                    String n = f.getFileName().toString();
                    return n.startsWith(prefix) && n.endsWith(suffix);
                }).findFirst().orElse(null);
            }
        }, java.util.Objects::nonNull);
    }

    /** Accepts the page's confirm() dialog. */
    void confirm() {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.alertIsPresent()).accept();
    }

    String textOf(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? "<absent>" : found.get(0).getText();
    }

    Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    /**
     * A random number kept in the page's window: the same one later means the page was not reloaded
     * (a reload or navigation starts a new window object without it).
     */
    Object pageMarker() {
        return driver.executeScript("return window.__portalTestMarker || (window.__portalTestMarker = Math.random())");
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** {@code <dir>/<name>.png}: a build artefact to look at, not compared. */
    Path screenshot(String name) throws IOException {
        Path file = screenshots.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
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
