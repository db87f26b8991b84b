package org.entryguard.regulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegulatorCliTest {
    @TempDir Path dir;

    record Run(int status, String out, String err) { }

    static Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RegulatorCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void demoDrivesSimulatedVenuesThroughTheRealPathLosesNothingAndItsConsoleLoginWorks() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger status = new AtomicInteger(-1);
        // runs until interrupted: the console is logged in to while the demo holds it up
        Thread demo = new Thread(() -> {
            try {
                status.set(RegulatorCli.run(new String[] {"--demo", "--seconds", "300", "--port", "0"},
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
            } catch (InterruptedException e) {
                status.set(130);
            }
        }, "regulator-demo");
        demo.start();
        try {
            Fixtures.await("the demo's console line", () -> out.toString(StandardCharsets.UTF_8).contains("console: ") || !demo.isAlive(),
                    () -> out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(demo.isAlive(), "the demo ended early: " + printed + err);
            JsonNode s = Fixtures.JSON.readTree(printed.lines().filter(l -> l.contains("regulator-demo-summary")).findFirst().orElseThrow());
            int sent = RegulatorDemo.ALERTS_PER_VENUE * (RegulatorDemo.WEBHOOK_VENUES + RegulatorDemo.GAT_DEVICES);
            assertEquals(sent, s.get("sent").asInt());
            assertEquals(sent, s.get("stored").asInt());
            assertEquals(0, s.get("lost").asInt());
            assertEquals(s.get("duplicates_sent").asInt(), s.get("duplicates_dropped").asInt(), "every re-sent alert dropped, none stored twice");
            assertTrue(s.get("rejected").asInt() >= RegulatorDemo.FORGED, s.toString());

            Matcher m = Pattern.compile("console: (http://127\\.0\\.0\\.1:\\d+/console/) \\(log in as (\\S+) / (\\S+) ").matcher(printed);
            assertTrue(m.find(), printed);
            URI console = URI.create(m.group(1));
            String password = m.group(3);
            assertEquals(console.toString(), s.get("console").asText());
            assertEquals(RegulatorDemo.OFFICER, m.group(2));
            assertTrue(password.length() >= 16, password);
            assertFalse(s.toString().contains(password) || err.toString(StandardCharsets.UTF_8).contains(password),
                    "the password is on the console line only, not in the summary or the log");
            Matcher data = Pattern.compile("data in (\\S+)").matcher(err.toString(StandardCharsets.UTF_8));
            assertTrue(data.find(), err.toString(StandardCharsets.UTF_8));
            assertNoFileHolds(Path.of(data.group(1)).getParent(), password);

            assertEquals(200, Fixtures.get(console).statusCode());
            String cookie = Fixtures.consoleLogin(console, RegulatorDemo.OFFICER, password);
            var alerts = Fixtures.consoleGet(console, "/api/console/alerts?limit=1000", cookie);
            assertEquals(200, alerts.statusCode(), alerts.body());
            assertEquals(sent, Fixtures.JSON.readTree(alerts.body()).get("alerts").size(), "a CITY officer sees every demo alert");
        } finally {
            demo.interrupt();
            demo.join(60_000);
        }
        assertFalse(demo.isAlive());
        assertEquals(130, status.get(), "interrupted while holding the service up");
    }

    /** No file under {@code dir} contains {@code secret}. */
    private static void assertNoFileHolds(Path dir, String secret) throws Exception {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(f);
                for (int i = 0; i + needle.length <= b.length; i++) {
                    if (Arrays.equals(b, i, i + needle.length, needle, 0, needle.length)) throw new AssertionError(f + " holds the demo password");
                }
            }
        }
    }

    @Test
    void hashPasswordPrintsAHashTheConsoleAccepts() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RegulatorCli.run(new String[] {"hash-password"}, new ByteArrayInputStream("night shift 24\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String hash = out.toString(StandardCharsets.UTF_8).trim();
        assertTrue(hash.startsWith("pbkdf2-sha256:") && !hash.contains("night shift"), hash);
        var json = Fixtures.configJson(dir.resolve("data"));
        json.putObject("console").putArray("users").addObject().put("name", "wang").put("role", "CITY").put("passwordHash", hash);
        try (RegulatorService service = RegulatorService.start(RegulatorConfig.parse(json, dir))) {
            String cookie = Fixtures.consoleLogin(service.uri(), "wang", "night shift 24");
            assertEquals(200, Fixtures.consoleGet(service.uri(), "/api/console/me", cookie).statusCode());
        }

        ByteArrayOutputStream shortErr = new ByteArrayOutputStream();
        assertEquals(2, RegulatorCli.run(new String[] {"hash-password"}, new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(shortErr, true, StandardCharsets.UTF_8)));
        assertTrue(shortErr.toString(StandardCharsets.UTF_8).contains("at least 8 characters"), shortErr.toString(StandardCharsets.UTF_8));
        Run extra = run("hash-password", "secret");
        assertEquals(2, extra.status());
        assertTrue(extra.err().contains("hash-password takes no options"), extra.err());
    }

    @Test
    void usageErrorsNameTheProblem() throws Exception {
        Run none = run();
        assertEquals(2, none.status());
        assertTrue(none.err().contains("give either --config FILE or --demo"), none.err());
        Run bad = run("--demo", "--seconds", "soon");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("'soon' is not a whole number"), bad.err());
        Run missing = run("--config", dir.resolve("nope.json").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Path cfg = dir.resolve("bad.json");
        Files.writeString(cfg, "{\"venues\":[{\"id\":\"v 1\"}]}");
        Run invalid = run("--config", cfg.toString());
        assertEquals(2, invalid.status());
        assertTrue(invalid.err().contains("'venues[0].id'"), invalid.err());
    }

    @Test
    void configRunsTheServiceForTheGivenSeconds() throws Exception {
        Path cfg = dir.resolve("regulator.json");
        var json = Fixtures.configJson(dir.resolve("data"));
        Files.writeString(cfg, json.toString());
        Run r = run("--config", cfg.toString(), "--seconds", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("\"event\":\"regulator-started\""), r.out());
        assertTrue(r.out().contains("/console/\""), "the started line names the console's address: " + r.out());
    }
}
