package org.entryguard.regulator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the service, twice, while gateways keep sending and retrying: every acknowledged alert is in the
 * embedded database afterwards, once. (This failed before commits were written through at once: H2's default
 * write delay lost up to half a second of acknowledged alerts.)
 */
class CrashTest {
    @TempDir Path dir;

    @Test
    void acknowledgedAlertsSurviveSigkillOfTheServiceAndNoneIsStoredTwice() throws Exception {
        ObjectNode r = LoadDriver.crash(dir, 150, 6);
        assertEquals(150, r.get("acknowledged").asInt(), r.toString());
        assertEquals(0, r.get("lost").asInt(), r.toString());
        assertEquals(0, r.get("stored_twice").asInt(), r.toString());
        assertEquals(150, r.get("rows").asInt(), r.toString());
        assertEquals(2, r.get("kills").asInt());
    }
}
