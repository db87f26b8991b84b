package org.entryguard.regulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
    void demoDrivesSimulatedVenuesThroughTheRealPathAndLosesNothing() throws Exception {
        Run r = run("--demo", "--seconds", "0", "--port", "0");
        assertEquals(0, r.status(), r.out() + r.err());
        JsonNode s = Fixtures.JSON.readTree(r.out().lines().filter(l -> l.contains("regulator-demo-summary")).findFirst().orElseThrow());
        int sent = RegulatorDemo.ALERTS_PER_VENUE * (RegulatorDemo.WEBHOOK_VENUES + RegulatorDemo.GAT_DEVICES);
        assertEquals(sent, s.get("sent").asInt());
        assertEquals(sent, s.get("stored").asInt());
        assertEquals(0, s.get("lost").asInt());
        assertEquals(s.get("duplicates_sent").asInt(), s.get("duplicates_dropped").asInt(), "every re-sent alert dropped, none stored twice");
        assertTrue(s.get("rejected").asInt() >= RegulatorDemo.FORGED, s.toString());
        assertTrue(s.get("console").asText().startsWith("http://127.0.0.1:"), s.toString());
        assertTrue(r.out().contains("console: http://127.0.0.1:"), r.out());
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
    }
}
