package org.entryguard.alerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 item 3: connection refused (like 500 and TLS failures) was not logged at all. Now a failing receiver is
 * logged at WARN, one line per 30 s however many attempts fail, with the count of the others.
 */
class DeliveryLoggingTest {
    @TempDir Path dir;

    @Test
    void aRefusingReceiverIsLoggedOnceInAWhileNotOncePerAttemptNorNever() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (WebhookSink sink = WebhookSink.custom().endpoint(URI.create("http://127.0.0.1:" + port + "/a"))
                .secret(WebhookSinkTest.SECRET).outboxDir(dir.resolve("o")).retry(WebhookSinkTest.FAST).build()) {
            for (int i = 0; i < 20; i++) sink.send(TestAlerts.minorEntry("refused-" + i));
            Await.until("many failed attempts", () -> sink.metrics().retried() >= 60, sink::metrics);
        } finally {
            System.setErr(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("delivery failing")).toList();
        assertEquals(1, lines.size(), "one line for 60+ failed attempts within 30 s: " + lines);
        assertTrue(lines.get(0).contains("WARN") && lines.get(0).contains("Connection refused"), lines.get(0));
    }
}
