package org.entryguard.examples;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A malformed gateway config fails at start with a message naming the key and the fix. */
class GatewayConfigTest {
    private static final String GOOD = """
            {"venue": {"id": "V1", "type": "BAR"}, "cameras": [{"id": "c1", "url": "rtsp://127.0.0.1:8554/x"}]}
            """;

    @Test
    void minimalConfigIsEnough() {
        GatewayConfig c = GatewayConfig.parse(GOOD, "t");
        assertEquals("BAR", c.venue().type());
        assertEquals(1, c.cameras().size());
    }

    @Test
    void theExampleFileParses() {
        GatewayConfig c = GatewayConfig.read(Path.of("gateway.example.json"));
        assertEquals(2, c.cameras().size());
        assertEquals(25, c.rules().challengeAge());
    }

    @Test
    void typoInAKeyIsNamed() {
        var e = assertThrows(UsageException.class, () -> GatewayConfig.parse(
                GOOD.replace("\"url\"", "\"ulr\""), "gw.json"));
        assertTrue(e.getMessage().contains("unknown key 'ulr'") && e.getMessage().contains("cameras[0]"), e.getMessage());
    }

    @Test
    void unknownVenueTypeListsTheValidOnes() {
        var e = assertThrows(UsageException.class, () -> GatewayConfig.parse(GOOD.replace("BAR", "DISCO"), "gw.json"));
        assertTrue(e.getMessage().contains("DISCO") && e.getMessage().contains("INTERNET_CAFE"), e.getMessage());
    }

    @Test
    void brokenJsonGivesTheLine() {
        var e = assertThrows(UsageException.class, () -> GatewayConfig.parse("{\n\"venue\": {,}", "gw.json"));
        assertTrue(e.getMessage().contains("not valid JSON") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void missingCamerasAndDuplicateIds() {
        var none = assertThrows(UsageException.class, () -> GatewayConfig.parse("{\"venue\": {\"id\": \"V\", \"type\": \"KTV\"}}", "g"));
        assertTrue(none.getMessage().contains("at least one camera"), none.getMessage());
        var dup = assertThrows(UsageException.class, () -> GatewayConfig.parse("""
                {"venue": {"id": "V", "type": "KTV"}, "cameras": [{"id": "a", "url": "x"}, {"id": "a", "url": "y"}]}
                """, "g"));
        assertTrue(dup.getMessage().contains("appears twice"), dup.getMessage());
    }

    @Test
    void webhookWithoutSecretIsRefused() {
        var e = assertThrows(UsageException.class, () -> GatewayConfig.parse(GOOD.replace("}]}", "}], \"alerts\": {\"webhooks\": [{\"url\": \"http://x\"}]}}"), "g"));
        assertTrue(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void missingFileIsClear() {
        var e = assertThrows(UsageException.class, () -> GatewayConfig.read(Path.of("no-such-gateway.json")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
