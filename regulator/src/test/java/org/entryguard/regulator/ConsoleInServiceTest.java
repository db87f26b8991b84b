package org.entryguard.regulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.entryguard.regulator.console.Console;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real console mounted in the real service: it answers its own paths, intake and /metrics pass through it, and
 * its live stream outlives the service's idle-connection timeout (1 s here instead of 60 s) that still closes a
 * connection that sends nothing.
 */
class ConsoleInServiceTest {
    private static final String PASSWORD = "duty-officer-7";

    @TempDir Path dir;

    @Test
    void theConsoleAnswersItsPathsPassesIntakeOnAndItsLiveStreamOutlivesTheReadTimeout() throws Exception {
        var json = Fixtures.configJson(dir.resolve("data"));
        json.putObject("console").putArray("users").addObject().put("name", "xuhui").put("role", "DISTRICT")
                .put("district", "徐汇区").put("passwordHash", Console.hashPassword(PASSWORD.toCharArray()));
        try (RegulatorService s = RegulatorService.start(RegulatorConfig.parse(json, dir), 1)) {
            URI base = s.uri();
            HttpResponse<String> page = Fixtures.get(s.consoleUri());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<html"), "the console's page, not the intake's 404: " + page.body());
            assertEquals(401, Fixtures.get(base.resolve("/api/console/alerts")).statusCode(), "the console API wants a login");
            assertEquals(200, Fixtures.get(base.resolve("/healthz")).statusCode(), "the intake's paths pass through the console");

            try (Socket idle = new Socket(base.getHost(), base.getPort())) {
                idle.setSoTimeout(20_000);
                InputStream in = idle.getInputStream();
                assertEquals(-1, in.read(), "a connection that sends nothing is closed by the read timeout");
            }

            String cookie = Fixtures.consoleLogin(base, "xuhui", PASSWORD);
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            HttpResponse<Stream<String>> stream = Fixtures.HTTP.send(HttpRequest.newBuilder(base.resolve("/api/console/events"))
                    .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, stream.statusCode());
            Thread reader = new Thread(() -> {
                try {
                    stream.body().forEach(lines::add);
                } catch (RuntimeException e) {
                    // closed below
                }
                lines.add("<end>");
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                Thread.sleep(2500); // over twice the read timeout with nothing read from the browser
                var r = WebhookIntakeTest.signedPost(s, "ktv-1", Fixtures.SECRET_A, Fixtures.minor("mounted-1", "ktv-1"),
                        Instant.now().getEpochSecond());
                assertEquals(200, r.statusCode(), "a signed webhook passes through the console to the intake: " + r.body());
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                String data = null;
                for (String line; data == null && (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
                    assertTrue(!line.equals("<end>"), "the live stream was cut");
                    if (line.startsWith("data: ") && line.contains("mounted-1")) data = line;
                }
                assertTrue(data != null, "the stored alert reached the open live stream 2.5 s after it started");
            } finally {
                stream.body().close();
                reader.interrupt();
            }

            HttpResponse<String> alerts = Fixtures.consoleGet(base, "/api/console/alerts", cookie);
            assertEquals(200, alerts.statusCode(), alerts.body());
            assertEquals("mounted-1", Fixtures.JSON.readTree(alerts.body()).get("alerts").get(0).get("id").asText());
            assertTrue(Fixtures.get(base.resolve("/metrics")).body().contains("regulator_alerts_stored_total"));
        }
    }

    @Test
    void theReadmeConfigExampleWithItsOfficersStarts() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```json\n{");
        assertTrue(start >= 0, "regulator/README.md has its config example");
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.JSON.readTree(
                readme.substring(start + "```json\n".length(), readme.indexOf("```", start + 7)));
        assertEquals(2, json.get("console").get("users").size(), "the example lists a CITY and a DISTRICT officer");
        json.put("listen", "127.0.0.1:0").put("dataDir", dir.resolve("data").toString()); // not the example's port and folder
        try (RegulatorService s = RegulatorService.start(RegulatorConfig.parse(json, dir))) {
            assertEquals(401, Fixtures.get(s.uri().resolve("/api/console/me")).statusCode());
        }
    }

    @Test
    void badConsoleSettingsStopTheStartNamingTheKey() throws Exception {
        var json = Fixtures.configJson(dir.resolve("data"));
        json.putObject("console").put("language", "zh");
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.entryguard.core.EntryGuardException.class,
                () -> RegulatorService.start(RegulatorConfig.parse(json, dir)).close());
        assertTrue(e.getMessage().contains("console.language") && e.getMessage().contains("unknown key"), e.getMessage());
        assertTrue(!e.getMessage().contains("port in use"), "not blamed on the port: " + e.getMessage());
    }
}
