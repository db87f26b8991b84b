package org.entryguard.regulator.console;

import static org.entryguard.regulator.console.ConsoleTestServer.HAIDIAN;
import static org.entryguard.regulator.console.ConsoleTestServer.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the console logs names who did what, never a password, a session cookie or a CSRF token. */
class ConsoleLogTest {
    @Test
    void noSecretsInTheLog() throws Exception {
        InMemoryAlertStore store = new InMemoryAlertStore();
        store.insert(alert("hd-1", HAIDIAN, "ktv-hd-01", "MINOR_ENTRY", Instant.now()));
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String cookie;
        String csrf;
        try (ConsoleTestServer server = new ConsoleTestServer(store, store, ConsoleTestServer.settings(s -> { }))) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            ConsoleClient wrong = new ConsoleClient(server.base);
            assertEquals(401, wrong.login("haidian", "Wr0ng-Secret-Pw").statusCode());
            assertEquals(401, wrong.login("Typed-Password-As-Name", "x").statusCode());
            ConsoleClient c = ConsoleClient.loggedIn(server.base, "haidian");
            cookie = c.cookie.substring(c.cookie.indexOf('=') + 1);
            csrf = c.csrf;
            assertEquals(403, c.post("/api/console/alerts/hd-1/handle", "{\"state\":\"ACKNOWLEDGED\"}", "bad-" + csrf,
                    server.base.toString()).statusCode());
            assertEquals(200, c.post("/api/console/alerts/hd-1/handle", "{\"state\":\"ACKNOWLEDGED\"}").statusCode());
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("console login failed for haidian from 127.0.0.1"), log);
        assertTrue(log.contains("console login: haidian (DISTRICT " + HAIDIAN + ")"), log);
        assertTrue(log.contains("alert hd-1 NEW -> ACKNOWLEDGED by haidian"), log);
        assertTrue(log.contains("(unknown name)"), log);
        for (String secret : new String[] {"Wr0ng-Secret-Pw", "Typed-Password-As-Name", ConsoleTestServer.PASSWORD,
                cookie, csrf}) {
            assertFalse(log.contains(secret), "the log holds a secret: " + secret);
        }
    }
}
