package org.entryguard.regulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.entryguard.regulator.store.StoredAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seam with the console: its handler sits before the intake, gets the store, the feed and the raw settings. */
class ConsoleSeamTest {
    @TempDir Path dir;

    @Test
    void theConsoleHandlerAnswersItsPathsAndPassesTheRestToTheIntake() throws Exception {
        var json = Fixtures.configJson(dir.resolve("data"));
        json.putObject("console").put("language", "zh");
        try (RegulatorService s = RegulatorService.startWithConsole(RegulatorConfig.parse(json, dir), FakeConsole.class.getName())) {
            assertTrue(s.hasConsole());
            assertSame(s.store(), FakeConsole.store);
            assertEquals("zh", FakeConsole.settings.get("language").asText(), "the console object is handed over raw");
            List<StoredAlert> fed = new CopyOnWriteArrayList<>();
            FakeConsole.feed.subscribe(fed::add);
            assertEquals("fake console", Fixtures.get(s.uri().resolve("/console/alerts")).body());
            assertEquals("fake console", Fixtures.get(s.uri().resolve("/")).body());
            var r = WebhookIntakeTest.signedPost(s, "ktv-1", Fixtures.SECRET_A, Fixtures.minor("seam-1", "ktv-1"), Instant.now().getEpochSecond());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(List.of("seam-1"), fed.stream().map(StoredAlert::id).toList(), "the console's feed hears the stored alert");
            assertEquals(200, Fixtures.get(s.uri().resolve("/metrics")).statusCode());
            assertFalse(FakeConsole.closed);
        }
        assertTrue(FakeConsole.closed, "closing the service closes the console");
    }
}
