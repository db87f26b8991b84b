package org.entryguard.examples;

import org.entryguard.alerts.Alert;
import org.entryguard.alerts.ReceiverServer;
import org.entryguard.alerts.WebhookReceiver;
import org.entryguard.alerts.WebhookSecret;
import org.entryguard.core.ledger.OutcomeStatus;
import org.entryguard.core.ledger.VisitOutcome;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The staff station in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium): two
 * doors play the demo clip with the challenge age at 35, so the adult in it is asked for ID at both; staff log in,
 * see both checks with their faces, confirm a minor at one (a MINOR_ENTRY alert reaches the regulator's receiver)
 * and, in English, record that the other walked away (no alert). Skips when Chromium is not installed.
 */
class StaffStationBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";

    @TempDir
    Path tmp;

    private String v2At = "none";

    @Test
    void staffResolveChecksAtTheStationAndTheRightAlertFollows() throws Exception {
        Assumptions.assumeTrue(new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute(),
                "skipped: needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER + ")");
        Path clip = tmp.resolve("clip.mp4");
        try (var in = getClass().getResourceAsStream(GatewayCommand.DEMO_CLIP)) {
            Files.copy(in, clip);
        }
        WebhookSecret secret = WebhookSecret.generate();
        List<Alert> received = new CopyOnWriteArrayList<>();
        WebhookReceiver receiver = WebhookReceiver.custom().secret(secret).handler(received::add).build();
        try (ReceiverServer server = receiver.bind(new InetSocketAddress("127.0.0.1", 0), null)) {
            String c = clip.toString().replace("\\", "\\\\");
            GatewayConfig cfg = GatewayConfig.parse("""
                    {"venue": {"id": "V1", "type": "KTV"}, "rules": {"challengeAge": 35},
                     "cameras": [{"id": "door-1", "url": "%s"}, {"id": "door-2", "url": "%s"}],
                     "alerts": {"outboxDir": "outbox", "idCheckDeadlineSeconds": 600,
                                "webhooks": [{"url": "http://127.0.0.1:%d/alerts", "secret": "%s"}]},
                     "http": {"port": -1, "staffPort": 0},
                     "staff": {"users": [{"id": "staff-7", "password": "door-pass-7"}]}}
                    """.formatted(c, c, server.address().getPort(), secret.reveal()), "test");
            try (Gateway g = new Gateway(cfg, tmp, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
                g.start();
                String base = "http://127.0.0.1:" + g.staffPort();
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (g.ledger().pending().size() < 2 && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                assertTrue(g.ledger().pending().size() >= 2, "both doors ask for ID");

                ChromeOptions o = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                        "--disable-dev-shm-usage", "--lang=zh-CN");
                ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                        .usingAnyFreePort().build();
                WebDriver browser = new ChromeDriver(service, o);
                try {
                    Waiter wait = new Waiter(browser);
                    browser.get(base + "/staff");
                    assertEquals("员工登录", browser.findElement(By.cssSelector("#login h2")).getText(), "Chinese by default");
                    browser.findElement(By.id("staff-id")).sendKeys("staff-7");
                    browser.findElement(By.id("staff-password")).sendKeys("wrong password");
                    browser.findElement(By.id("login-submit")).click();
                    wait.until(d -> d.findElement(By.id("login-error")).isDisplayed());
                    assertEquals("工号或密码错误", browser.findElement(By.id("login-error")).getText());
                    browser.findElement(By.id("staff-id")).sendKeys("staff-7");
                    browser.findElement(By.id("staff-password")).sendKeys("door-pass-7");
                    browser.findElement(By.id("login-submit")).click();

                    // one check per door, or more when a busy machine splits a walk into two tracks
                    wait.until(d -> d.findElements(By.cssSelector(".card")).size() >= 2);
                    for (WebElement card : browser.findElements(By.cssSelector(".card"))) {
                        WebElement img = card.findElement(By.tagName("img"));
                        wait.until(d -> ((Number) ((org.openqa.selenium.JavascriptExecutor) d)
                                .executeScript("return arguments[0].naturalWidth", img)).intValue() > 0);
                        assertTrue(card.getText().contains("原因"), card.getText());
                        assertTrue(card.getText().contains("截止"), card.getText());
                    }
                    String v1 = visitAt(g, "door-1");
                    String v2 = visitAt(g, "door-2");
                    v2At = v2;
                    WebElement first = browser.findElement(By.cssSelector(".card[data-visit='" + v1 + "']"));
                    first.findElement(By.cssSelector("button[data-result='MINOR_CONFIRMED']")).click();
                    wait.until(d -> d.findElements(By.cssSelector(".card[data-visit='" + v1 + "']")).isEmpty());
                    VisitOutcome o1 = g.ledger().outcome(v1).orElseThrow();
                    assertEquals(OutcomeStatus.MINOR_CONFIRMED, o1.status());
                    assertEquals("staff-7", o1.staffId(), "the logged-in staff id goes into the ledger");
                    HttpClient http = HttpClient.newHttpClient();
                    assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/staff/api/checks/" + v2 + "/face")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode(), "no face without a login");
                    assertEquals(404, get(http, base + "/staff/api/checks/" + v1 + "/face").statusCode(),
                            "the resolved check's face is gone");

                    browser.get(base + "/staff?lang=en");
                    wait.until(d -> !d.findElements(By.cssSelector(".card[data-visit='" + v2 + "']")).isEmpty());
                    WebElement walked = browser.findElement(By.cssSelector(".card[data-visit='" + v2 + "'] button[data-result='WALKED_AWAY']"));
                    assertEquals("Walked away", walked.getText(), "English on request");
                    walked.click();
                    wait.until(d -> d.findElements(By.cssSelector(".card[data-visit='" + v2 + "']")).isEmpty());
                    assertEquals(OutcomeStatus.WALKED_AWAY, g.ledger().outcome(v2).orElseThrow().status());
                } finally {
                    browser.quit();
                }
                until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (received.stream().noneMatch(a -> a.id().endsWith(":minor-confirmed")) && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                String v1 = received.stream().map(Alert::id).filter(id -> id.endsWith(":minor-confirmed")).findFirst()
                        .orElseThrow(() -> new AssertionError("no MINOR_ENTRY alert for the confirmed minor: " + received));
                assertTrue(v1.startsWith("door-1-"), v1);
                Thread.sleep(500); // any alert for the walk-away would have been queued with the confirmed minor's
                assertTrue(received.stream().noneMatch(a -> a.id().startsWith(v2At + ":")), "walked away: no alert " + received);
            }
        }
    }

    @Test
    void theApiAnswersWithBasicAuthAndNamesEveryProblem() throws Exception {
        Path clip = tmp.resolve("clip.mp4");
        try (var in = getClass().getResourceAsStream(GatewayCommand.DEMO_CLIP)) {
            Files.copy(in, clip);
        }
        GatewayConfig cfg = GatewayConfig.parse("""
                {"venue": {"id": "V1", "type": "KTV"}, "rules": {"challengeAge": 35},
                 "cameras": [{"id": "door-1", "url": "%s"}], "alerts": {"idCheckDeadlineSeconds": 600},
                 "http": {"port": -1, "staffPort": 0}, "staff": {"users": [{"id": "staff-7", "password": "door-pass-7"}]}}
                """.formatted(clip.toString().replace("\\", "\\\\")), "test");
        try (Gateway g = new Gateway(cfg, tmp, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
            g.start();
            String base = "http://127.0.0.1:" + g.staffPort();
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (g.ledger().pending().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            String v = visitAt(g, "door-1");
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/staff/api/checks")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            HttpResponse<String> list = get(http, base + "/staff/api/checks");
            assertEquals(200, list.statusCode());
            assertTrue(list.body().contains(v), list.body());
            HttpResponse<byte[]> face = http.send(auth(HttpRequest.newBuilder(URI.create(base + "/staff/api/checks/" + v + "/face")))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("image/jpeg", face.headers().firstValue("content-type").orElse(""));
            assertEquals("no-store", face.headers().firstValue("cache-control").orElse(""), "never cached");
            assertTrue(face.body().length > 500);
            assertEquals(400, post(http, base + "/staff/api/checks/" + v + "/result", "{\"result\": \"MAYBE\"}").statusCode());
            assertEquals(404, post(http, base + "/staff/api/checks/nope/result", "{\"result\": \"WALKED_AWAY\"}").statusCode());
            HttpResponse<String> ok = post(http, base + "/staff/api/checks/" + v + "/result", "{\"result\": \"REFUSED_TO_SHOW_ID\"}");
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("\"staffId\":\"staff-7\""), ok.body());
            assertEquals(409, post(http, base + "/staff/api/checks/" + v + "/result", "{\"result\": \"WALKED_AWAY\"}").statusCode());
            // a cookie-less page request cannot change anything; a forged cross-site form has no session header
            assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/staff/api/checks/" + v + "/result"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            assertFalse(Files.walk(tmp).anyMatch(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".png")),
                    "no face is ever written");
        }
    }

    @Test
    void anIdCardReaderFromTheConfigAnswersTheCheckAtItsDoor() throws Exception {
        Path clip = tmp.resolve("clip.mp4");
        try (var in = getClass().getResourceAsStream(GatewayCommand.DEMO_CLIP)) {
            Files.copy(in, clip);
        }
        String base = """
                {"venue": {"id": "V1", "type": "KTV"}, "rules": {"challengeAge": 35},
                 "cameras": [{"id": "door-1", "url": "%s"}], "alerts": {"idCheckDeadlineSeconds": 600},
                 "http": {"port": -1}, "idCardReaders": [{"type": "%s", "id": "desk-reader", "camera": "door-1",
                 "settings": {"births": "1985-05-01", "everyMillis": "100"}}]}
                """;
        String c = clip.toString().replace("\\", "\\\\");
        UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> GatewayConfig.parse(base.formatted(c, "no-such-reader"), "test"));
        assertTrue(e.getMessage().contains("idCardReaders[0].type") && e.getMessage().contains("scripted"), e.getMessage());
        // the scripted reader (sdk-core's tests, registered through META-INF/services like a real reader's jar)
        GatewayConfig cfg = GatewayConfig.parse(base.formatted(c, "scripted"), "test");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Gateway g = new Gateway(cfg, tmp, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()))) {
            g.start();
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            VisitOutcome answered = null;
            while (answered == null && System.nanoTime() < until) {
                Thread.sleep(100);
                answered = findAnswered(g, out.toString(StandardCharsets.UTF_8));
            }
            assertTrue(answered != null, "the reader answered the door's check");
            assertEquals(OutcomeStatus.ID_VERIFIED_ADULT, answered.status(), "born 1985: an adult");
            assertEquals("id-reader:desk-reader", answered.staffId());
        }
    }

    /** The first decided visit (from the gateway's JSON lines) that has an ID check result in the ledger. */
    private static VisitOutcome findAnswered(Gateway g, String out) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : out.lines().toList()) {
            var n = json.readTree(line);
            if (n.path("event").asText().equals("decision")) {
                var o = g.ledger().outcome(n.get("visit").asText());
                if (o.isPresent() && o.get().idCheck() != null) {
                    return o.get();
                }
            }
        }
        return null;
    }

    /** Polls a condition on the page for up to 20 s (what selenium-support's WebDriverWait does, without the jar). */
    private record Waiter(WebDriver browser) {
        void until(java.util.function.Predicate<WebDriver> ok) throws InterruptedException {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            RuntimeException last = null;
            while (System.nanoTime() < end) {
                try {
                    if (ok.test(browser)) {
                        return;
                    }
                } catch (RuntimeException e) { // the element is not there yet
                    last = e;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the page did not get there in 20 s: " + browser.getPageSource(), last);
        }
    }

    private static String visitAt(Gateway g, String camera) {
        return g.ledger().pending().stream().filter(o -> o.decision().cameraId().equals(camera)).findFirst()
                .orElseThrow(() -> new AssertionError("no open check at " + camera)).visitId();
    }

    private static HttpRequest.Builder auth(HttpRequest.Builder b) {
        return b.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("staff-7:door-pass-7".getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(auth(HttpRequest.newBuilder(URI.create(url))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(auth(HttpRequest.newBuilder(URI.create(url))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
