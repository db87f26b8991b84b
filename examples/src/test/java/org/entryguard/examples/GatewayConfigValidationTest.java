package org.entryguard.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 item 12: each kind of bad value the hostile test used ends in a one-line error naming the key's path,
 * not a stack trace, and negative deadlines and intervals are refused. Values are patched into a valid config.
 */
class GatewayConfigValidationTest {
    static final String VALID = """
            {"venue": {"id": "V1", "type": "KTV", "zone": "Asia/Shanghai"},
             "rules": {"challengeAge": 25, "opens": "12:00", "closes": "02:00"},
             "cameras": [{"id": "door-1", "url": "rtsp://10.0.0.7/s", "transport": "TCP", "targetFps": 10}],
             "alerts": {"outboxDir": "outbox", "idCheckDeadlineSeconds": 120,
                        "webhooks": [{"url": "https://alerts.example/x", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}]},
             "http": {"port": 9090}, "analysisThreads": 0, "statusIntervalSeconds": 10}
            """;

    @TempDir Path tmp;

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\" | \"not-a-secret\"            | alerts.webhooks[0].secret",
        "\"https://alerts.example/x\"               | \"ftp://alerts.example/x\"  | alerts.webhooks[0].url",
        "\"Asia/Shanghai\"                          | \"Mars/Olympus\"            | venue.zone",
        "\"12:00\"                                  | \"25:99\"                   | rules.opens",
        "\"targetFps\": 10                          | \"targetFps\": -5           | cameras[0].targetFps",
        "\"challengeAge\": 25                       | \"challengeAge\": -1        | rules.challengeAge",
        "\"port\": 9090                             | \"port\": 70000             | http.port",
        "\"idCheckDeadlineSeconds\": 120            | \"idCheckDeadlineSeconds\": -1 | alerts.idCheckDeadlineSeconds",
        "\"statusIntervalSeconds\": 10              | \"statusIntervalSeconds\": -3  | statusIntervalSeconds",
        "\"analysisThreads\": 0                     | \"analysisThreads\": -2     | analysisThreads",
        "\"transport\": \"TCP\"                     | \"transport\": \"QUIC\"     | cameras[0].transport",
        "\"rtsp://10.0.0.7/s\"                      | \"gopher://10.0.0.7/s\"     | cameras[0].url",
        "\"challengeAge\": 25                       | \"challengeAge\": \"old\"   | rules.challengeAge",
        "\"targetFps\": 10                          | \"targetFps\": 10, \"door\": {\"type\": \"trapdoor\"} | cameras[0].door",
        "\"targetFps\": 10                          | \"targetFps\": 10, \"door\": {\"type\": \"horizontal\"} | cameras[0].door",
        "\"targetFps\": 10                          | \"targetFps\": 10, \"door\": {\"type\": \"region\", \"region\": [0.5, 0.5, 0.9, 0.9]} | cameras[0].door",
        "\"targetFps\": 10                          | \"targetFps\": 10, \"detectionRegion\": [0.2, 0, 0.9, 1] | cameras[0].detectionRegion",
        "\"targetFps\": 10                          | \"targetFps\": 10, \"detectionRegion\": [0.2, 0] | cameras[0].detectionRegion",
        "\"targetFps\": 10                          | \"targetFps\": 10, \"rules\": {\"venueType\": \"CASINO\"} | cameras[0].rules.venueType",
        "\"targetFps\": 10                          | \"targetFps\": 10, \"rules\": {\"challengeAge\": 99} | cameras[0].rules.challengeAge",
        "\"targetFps\": 10                          | \"targetFps\": 10, \"rules\": {\"calendarFile\": \"h.txt\"} | cameras[0].rules.calendarFile",
        "\"targetFps\": 10                          | \"targetFps\": 10, \"doors\": 1 | cameras[0]",
        "\"targetFps\": 10                          | \"targetFps\": 10, \"motionGate\": {\"enabled\": true, \"cellThreshold\": 0} | cameras[0].motionGate.cellThreshold",
        "\"targetFps\": 10                          | \"targetFps\": 10, \"motionGate\": {\"enabled\": true, \"maxIntervalSeconds\": -1} | cameras[0].motionGate.maxIntervalSeconds",
        "\"targetFps\": 10                          | \"targetFps\": 10, \"motionGate\": {\"on\": true} | cameras[0].motionGate",
        "\"port\": 9090                             | \"port\": 9090, \"bind\": \"no-such-host.invalid\" | http.bind",
        "\"port\": 9090}                            | \"port\": 9090}, \"staff\": {\"users\": [{\"id\": \"s1\", \"password\": \"short\"}]} | staff.users[0].password",
        "\"idCheckDeadlineSeconds\": 120            | \"idCheckDeadlineSeconds\": 120, \"gat1400\": {\"url\": \"http://x\"} | alerts.gat1400",
    })
    void aBadValueIsRefusedWithItsPath(String from, String to, String path) {
        String json = VALID.replace(from.trim(), to.trim());
        assertFalse(json.equals(VALID), "the patch applied");
        UsageException e = assertThrows(UsageException.class, () -> GatewayConfig.parse(json, "venue.json"));
        assertTrue(e.getMessage().contains(path), e.getMessage());
        assertFalse(e.getMessage().contains("not-a-secret") && path.endsWith("secret"), "the secret is not echoed");
    }

    @Test
    void jsonNullIsRefusedWithAMessage() {
        UsageException e = assertThrows(UsageException.class, () -> GatewayConfig.parse("null", "venue.json"));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        assertEquals(VALID.length(), VALID.length());
        GatewayConfig.parse(VALID, "venue.json"); // and the base config is valid
    }

    @Test
    void everyRuleCanBeSetPerCamera() {
        String json = VALID.replace("\"targetFps\": 10}", """
                "targetFps": 10, "door": {"type": "horizontal", "y": 0.6, "insideBelow": true},
                 "detectionRegion": [0.2, 0, 0.6, 1], "rules": {"venueType": "ESPORTS_HOTEL", "challengeAge": 28}},
                {"id": "lobby", "url": "rtsp://10.0.0.8/s", "door": {"type": "line", "line": [0, 0.5, 1, 0.5, 0.5, 1]}}""");
        GatewayConfig c = GatewayConfig.parse(json, "venue.json");
        var entrances = VenueSettings.entrances(c, tmp, "venue.json");
        assertEquals(2, entrances.size());
        assertEquals(org.entryguard.core.rules.VenueType.ESPORTS_HOTEL, entrances.get(0).rules().venueType());
        assertEquals(28, entrances.get(0).rules().challengeAge());
        assertEquals(org.entryguard.core.guard.Door.Kind.LINE, entrances.get(0).door().kind());
        assertEquals(0.6f, entrances.get(0).detectionRegion()[2], 1e-6);
        assertEquals(org.entryguard.core.rules.VenueType.KTV, entrances.get(1).rules().venueType(), "the venue's rules elsewhere");
        assertEquals(25, entrances.get(1).rules().challengeAge());
    }

    @Test
    void theMotionGateIsOffUnlessACameraTurnsItOn() {
        String json = VALID.replace("\"targetFps\": 10}", """
                "targetFps": 10, "motionGate": {"enabled": true, "maxIntervalSeconds": 1.5, "cellThreshold": 20}},
                {"id": "lobby", "url": "rtsp://10.0.0.8/s", "motionGate": {"enabled": false, "cellThreshold": 20}}""");
        var entrances = VenueSettings.entrances(GatewayConfig.parse(json, "venue.json"), tmp, "venue.json");
        var gate = entrances.get(0).motionGate();
        assertTrue(gate.enabled());
        assertEquals(java.time.Duration.ofMillis(1500), gate.maxInterval());
        assertEquals(20, gate.cellThreshold());
        assertEquals(org.entryguard.core.guard.MotionGate.ofDefaults().minChangedShare(), gate.minChangedShare(), "unset: the default");
        assertFalse(entrances.get(1).motionGate().enabled());
    }

    @Test
    void aMissingCalendarFileStopsStartUpWithItsKey() {
        GatewayConfig c = GatewayConfig.parse(VALID.replace("\"closes\": \"02:00\"", "\"closes\": \"02:00\", \"calendarFile\": \"missing.txt\""), "venue.json");
        UsageException e = assertThrows(UsageException.class, () -> VenueSettings.entrances(c, tmp, "venue.json"));
        assertTrue(e.getMessage().contains("rules.calendarFile"), e.getMessage());
    }

    @Test
    void anUnwritableOutboxAndAPortInUseEndTheRunWithTheKeyAndReleaseEverything() throws Exception {
        Path clip = tmp.resolve("clip.mp4");
        try (var in = getClass().getResourceAsStream(GatewayCommand.DEMO_CLIP)) {
            Files.copy(in, clip);
        }
        Files.writeString(tmp.resolve("blocker"), "a file where the outbox folder should be");
        String cam = clip.toString().replace("\\", "\\\\");
        Path cfg = tmp.resolve("bad-outbox.json");
        Files.writeString(cfg, """
                {"venue": {"id": "V1", "type": "BAR"}, "cameras": [{"id": "door-1", "url": "%s"}],
                 "alerts": {"outboxDir": "blocker", "webhooks": [{"url": "http://127.0.0.1:9/x", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}]},
                 "http": {"port": -1}}
                """.formatted(cam));
        UsageException e = assertThrows(UsageException.class, () -> GatewayCommand.run(
                new String[] {"--config", cfg.toString(), "--seconds", "1"}, quiet(), quiet()));
        assertTrue(e.getMessage().contains("alerts.webhooks[0]") && e.getMessage().contains("blocker"), e.getMessage());

        try (ServerSocket taken = new ServerSocket(0)) {
            Path cfg2 = tmp.resolve("port.json");
            Files.writeString(cfg2, """
                    {"venue": {"id": "V1", "type": "BAR"}, "cameras": [{"id": "door-1", "url": "%s"}],
                     "alerts": {"outboxDir": "outbox2", "webhooks": [{"url": "http://127.0.0.1:9/x", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}]},
                     "http": {"port": %d}}
                    """.formatted(cam, taken.getLocalPort()));
            assertThrows(UsageException.class, () -> GatewayCommand.run(
                    new String[] {"--config", cfg2.toString(), "--seconds", "1"}, quiet(), quiet()));
            // the failed start released the outbox: the same folder opens again at once
            org.entryguard.alerts.WebhookSink.custom().endpoint(java.net.URI.create("http://127.0.0.1:9/x"))
                    .secret(org.entryguard.alerts.WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                    .outboxDir(tmp.resolve("outbox2/webhook-0")).build().close();
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
