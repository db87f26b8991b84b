package org.entryguard.regulator.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.entryguard.alerts.Alert;
import org.entryguard.alerts.AlertType;
import org.entryguard.alerts.RetryConfig;
import org.entryguard.alerts.Venue;
import org.entryguard.alerts.WebhookSecret;
import org.entryguard.alerts.WebhookSink;
import org.entryguard.regulator.RegulatorConfig;
import org.entryguard.regulator.RegulatorService;
import org.entryguard.regulator.store.Handling;
import org.entryguard.regulator.store.HandlingEntry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven through
 * Selenium): the regulator service on its embedded H2 database, alerts signed and posted by the SDK's own
 * {@link WebhookSink}, a district officer's console in the browser. Skips when Chromium or its driver is absent.
 * Leaves the alert list's screenshot at {@code target/regulator-console.png} (the README's
 * {@code docs/regulator-console.png} is a copy of it; its Chinese needs a CJK font such as Debian's
 * {@code fonts-wqy-microhei}, which the test itself does not: it reads the page's text, not its pixels).
 */
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("entryguard.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("entryguard.chromedriver", "/usr/bin/chromedriver"));
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final RetryConfig FAST = RetryConfig.custom().initialInterval(Duration.ofMillis(20))
            .maxInterval(Duration.ofMillis(300)).maxDuration(Duration.ofMinutes(2)).build();

    @TempDir
    Path dir;

    private final WebhookSecret haidianSecret = WebhookSecret.generate();
    private final WebhookSecret chaoyangSecret = WebhookSecret.generate();

    private RegulatorConfig config() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("listen", "127.0.0.1:0");
        root.put("dataDir", dir.resolve("data").toString());
        ArrayNode venues = root.putArray("venues");
        venues.addObject().put("id", "ktv-hd-01").put("name", "星光KTV（中关村店）").put("district", "海淀区")
                .putArray("secrets").add(haidianSecret.reveal());
        venues.addObject().put("id", "bar-cy-07").put("name", "夜色酒吧").put("district", "朝阳区")
                .putArray("secrets").add(chaoyangSecret.reveal());
        root.set("console", ConsoleTestServer.settings(s -> s.put("heartbeatSeconds", 5)));
        return RegulatorConfig.parse(root, dir);
    }

    private static Alert alert(String id, AlertType type, String venueId, double lo, double hi, double age) {
        Alert.Builder b = Alert.custom().id(id).type(type)
                .venue(new Venue(venueId, "gateway name", "KTV", "91110108MA00000000", "北京市"))
                .cameraId("cam-door-1").time(Instant.now(), ZONE).ruleApplied("未成年人保护法 第58条");
        if (type == AlertType.MINOR_ENTRY) {
            b.decision("MINOR").ageInterval(lo, hi).estimatedAge(age);
        } else if (type == AlertType.CHECK_ID_UNRESOLVED) {
            b.decision("CHECK_ID").ageInterval(lo, hi).estimatedAge(age);
        }
        return b.build();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aDistrictOfficerWatchesHandlesAndSwitchesLanguageInChromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "SKIPPED: needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER
                        + "); install them with apt-get install chromium chromium-driver (.ci/run does)");
        try (RegulatorService service = RegulatorService.start(config());
             WebhookSink haidian = WebhookSink.custom().endpoint(service.webhookUri("ktv-hd-01")).secret(haidianSecret)
                     .outboxDir(dir.resolve("outbox-hd")).retry(FAST).build();
             WebhookSink chaoyang = WebhookSink.custom().endpoint(service.webhookUri("bar-cy-07"))
                     .secret(chaoyangSecret).outboxDir(dir.resolve("outbox-cy")).retry(FAST).build()) {
            haidian.send(alert("hd-check-1", AlertType.CHECK_ID_UNRESOLVED, "ktv-hd-01", 16.0, 21.5, 18.2));
            haidian.send(alert("hd-camera-1", AlertType.CAMERA_DOWN, "ktv-hd-01", 0, 0, 0));
            haidian.send(alert("hd-minor-1", AlertType.MINOR_ENTRY, "ktv-hd-01", 14.0, 17.0, 15.6));
            chaoyang.send(alert("cy-minor-1", AlertType.MINOR_ENTRY, "bar-cy-07", 15.0, 17.5, 16.1));
            await("4 alerts stored", () -> service.store().count() == 4);

            WebDriver browser = browser();
            try {
                run(service, browser, haidian, chaoyang);
            } finally {
                browser.quit();
            }
        }
    }

    private void run(RegulatorService service, WebDriver b, WebhookSink haidian, WebhookSink chaoyang)
            throws Exception {
        WebDriverWait wait = new WebDriverWait(b, WAIT);
        JavascriptExecutor js = (JavascriptExecutor) b;
        String base = service.uri().toString();
        b.get(base + "/");
        wait.until(d -> !d.findElements(By.id("login-form")).isEmpty());
        assertEquals("登录", b.findElement(By.id("login-submit")).getText(), "Chinese by default");

        b.findElement(By.id("login-user")).sendKeys("haidian");
        b.findElement(By.id("login-password")).sendKeys("not the password");
        b.findElement(By.id("login-submit")).click();
        wait.until(d -> d.findElement(By.id("login-error")).getText().equals("用户名或密码错误"));
        b.findElement(By.id("login-password")).clear();
        b.findElement(By.id("login-password")).sendKeys(ConsoleTestServer.PASSWORD);
        b.findElement(By.id("login-submit")).click();

        wait.until(d -> d.findElements(By.cssSelector("#alert-rows tr[data-alert-id]")).size() == 3);
        assertTrue(b.findElements(By.cssSelector("tr[data-alert-id='cy-minor-1']")).isEmpty(),
                "朝阳区's alert is not on 海淀区's list");
        assertFalse(b.findElement(By.tagName("body")).getText().contains("夜色酒吧"));
        assertTrue(((String) js.executeScript("return document.cookie")).isEmpty(), "the session cookie is HttpOnly");
        wait.until(d -> "on".equals(d.findElement(By.id("live-status")).getAttribute("data-live")));

        // live: one alert per district arrives through intake → H2 → feed → event stream, with no reload
        js.executeScript("window.__sameDocument = 'yes'");
        chaoyang.send(alert("cy-minor-2", AlertType.MINOR_ENTRY, "bar-cy-07", 13.0, 16.0, 14.9));
        haidian.send(alert("hd-minor-live", AlertType.MINOR_ENTRY, "ktv-hd-01", 13.5, 16.5, 14.7));
        WebElement live = wait.until(d -> d.findElements(By.cssSelector("tr[data-alert-id='hd-minor-live']")).stream()
                .findFirst().orElse(null));
        assertEquals("yes", js.executeScript("return window.__sameDocument"), "arrived without a reload");
        await("cy-minor-2 stored", () -> service.store().get("cy-minor-2").isPresent());
        Thread.sleep(500);
        assertTrue(b.findElements(By.cssSelector("tr[data-alert-id^='cy-']")).isEmpty(),
                "no 朝阳区 alert reached 海淀区's page, live or not");
        List<WebElement> rows = b.findElements(By.cssSelector("#alert-rows tr[data-alert-id]"));
        assertEquals("hd-minor-live", rows.get(0).getAttribute("data-alert-id"), "the new alert is on top");
        assertTrue(live.getText().contains("未成年人进入") && live.getText().contains("13.5–16.5 岁"), live.getText());
        screenshot(b, "regulator-console.png");

        // the alert's page: reason from the gateway, age interval, rule; acknowledge with a note
        live.click();
        wait.until(d -> !d.findElements(By.id("alert-reason")).isEmpty());
        assertTrue(b.findElement(By.id("alert-reason")).getText().contains("estimated age 14.7"),
                b.findElement(By.id("alert-reason")).getText());
        assertEquals("13.5–16.5 岁", b.findElement(By.id("alert-age")).getText());
        assertEquals("未成年人保护法 第58条", b.findElement(By.id("alert-rule")).getText());
        assertEquals("待处置", b.findElement(By.cssSelector("#alert-handling .state")).getText());
        b.findElement(By.id("note")).sendKeys("已电话联系场所，民警前往核查");
        b.findElement(By.cssSelector("button[data-action='ACKNOWLEDGED']")).click();
        // the page re-renders the alert when the handling comes back on the live stream: read inside the wait
        wait.ignoring(StaleElementReferenceException.class);
        String entry = wait.until(d -> d.findElements(By.cssSelector("#history-rows tr[data-state='ACKNOWLEDGED']"))
                .stream().findFirst().map(WebElement::getText).orElse(null));
        assertTrue(entry.contains("haidian") && entry.contains("已电话联系场所，民警前往核查"), entry);
        wait.until(d -> "已确认".equals(d.findElement(By.cssSelector("#alert-handling .state")).getText()));
        assertFalse(b.findElement(By.cssSelector("button[data-action='ACKNOWLEDGED']")).isEnabled(),
                "acknowledged once; the next steps are dispatch, close, false alarm");
        List<HandlingEntry> audit = service.store().history("hd-minor-live");
        assertEquals(1, audit.size());
        assertEquals("haidian", audit.get(0).officer());
        assertEquals(Handling.ACKNOWLEDGED, service.store().get("hd-minor-live").orElseThrow().handling());
        screenshot(b, "regulator-console-alert.png");

        // English for this session
        b.findElement(By.id("lang-toggle")).click();
        wait.until(d -> d.findElement(By.id("logout")).getText().equals("Log out"));
        wait.until(d -> d.findElement(By.cssSelector("#alert-handling .state")).getText().equals("Acknowledged"));
        assertEquals("en", b.findElement(By.tagName("html")).getAttribute("lang"));
        assertTrue(b.findElement(By.id("history")).getText().contains("Officer"));

        // cheating from the page itself: the server answers 404/403, whatever the script asks
        Object other = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "Promise.all([fetch('/api/console/alerts/cy-minor-1').then(r => r.status),"
                + " fetch('/api/console/alerts?district=' + encodeURIComponent('朝阳区')).then(r => r.status)])"
                + ".then(s => done(s.join(',')));");
        assertEquals("404,403", other);

        // venues and the daily chart: 海淀区 only
        b.findElement(By.id("nav-venues")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#venue-rows tr[data-venue-id]")).isEmpty());
        assertEquals(1, b.findElements(By.cssSelector("#venue-rows tr[data-venue-id]")).size());
        assertTrue(b.findElement(By.id("venue-rows")).getText().contains("星光KTV（中关村店）"));
        b.findElement(By.id("nav-summary")).click();
        wait.until(d -> !d.findElements(By.cssSelector("svg#daily-chart rect")).isEmpty());
        for (WebElement bar : b.findElements(By.cssSelector("svg#daily-chart rect"))) {
            assertEquals("海淀区", bar.getAttribute("data-district"));
        }
        assertEquals(3, b.findElements(By.cssSelector("svg#daily-chart rect")).size(), "three alert types today");
        screenshot(b, "regulator-console-summary.png");

        // a burst (published straight to the feed, as the store's writer does) leaves the live list bounded
        b.findElement(By.id("nav-alerts")).click();
        wait.until(d -> d.findElements(By.cssSelector("#alert-rows tr[data-alert-id]")).size() == 4);
        for (int i = 0; i < 250; i++) {
            service.feed().publish(ConsoleTestServer.alert("burst-" + i, "海淀区", "ktv-hd-01", "MINOR_ENTRY",
                    Instant.now()));
        }
        wait.until(d -> !d.findElements(By.cssSelector("tr[data-alert-id='burst-249']")).isEmpty());
        assertEquals(200, b.findElements(By.cssSelector("#alert-rows tr[data-alert-id]")).size());
        assertEquals("burst-249", b.findElement(By.cssSelector("#alert-rows tr")).getAttribute("data-alert-id"));

        Object foreign = js.executeScript("return performance.getEntriesByType('resource')"
                + ".map(e => e.name).filter(n => !n.startsWith(location.origin + '/')).join(' ')");
        assertEquals("", foreign, "nothing loaded from another origin");
    }

    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800",
                "--lang=zh-CN", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(WebDriver b, String name) throws Exception {
        File shot = ((TakesScreenshot) b).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
