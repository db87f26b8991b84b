package org.entryguard.regulator.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Bad console settings stop the start with the key's path and the fix; good ones get safe defaults. */
class ConsoleSettingsTest {
    private static final String HASH = Passwords.hash("long enough".toCharArray(), 1000);

    private static String error(Consumer<ObjectNode> tweak) {
        ObjectNode s = ConsoleTestServer.settings(tweak);
        return assertThrows(IllegalArgumentException.class, () -> ConsoleSettings.parse(s)).getMessage();
    }

    @Test
    void defaultsAreChineseStrictAndLimited() {
        ConsoleSettings s = ConsoleSettings.parse(ConsoleTestServer.settings(x -> x.remove("heartbeatSeconds")));
        assertEquals("zh", s.defaultLanguage);
        assertEquals("Asia/Shanghai", s.timeZone.getId());
        assertEquals("eg_console", s.cookieName);
        assertFalse(s.cookieSecure);
        assertEquals(Duration.ofMinutes(30), s.sessionIdle);
        assertEquals(5, s.loginMaxFailures);
        assertEquals(Duration.ofSeconds(15), s.heartbeat);
        assertEquals(3, s.users.size());
        assertEquals(ConsoleSettings.Role.DISTRICT, s.users.get("haidian").role());
    }

    @Test
    void badSettingsNameTheKeyAndTheFix() {
        assertEquals("console.colour: unknown key; known keys here: users, defaultLanguage, timeZone, session,"
                + " loginLimit, heartbeatSeconds, replayEvents, workerThreads", error(s -> s.put("colour", "red")));
        assertEquals("console.users[1].district: is required for role DISTRICT (the district this officer may see)",
                error(s -> ((ObjectNode) s.get("users").get(1)).remove("district")));
        assertTrue(error(s -> ((ObjectNode) s.get("users").get(0)).put("district", "x"))
                .startsWith("console.users[0].district: must be absent for role CITY"));
        assertEquals("console.users[2].role: is \"ADMIN\"; use \"CITY\" or \"DISTRICT\"",
                error(s -> ((ObjectNode) s.get("users").get(2)).put("role", "ADMIN")));
        String plain = error(s -> ((ObjectNode) s.get("users").get(0)).put("passwordHash", "hunter2hunter2"));
        assertTrue(plain.startsWith("console.users[0].passwordHash: not a console password hash"), plain);
        assertFalse(plain.contains("hunter2"), "the error never echoes what was in the hash field");
        assertTrue(error(s -> ((ObjectNode) s.get("users").get(1)).put("name", "city"))
                .startsWith("console.users[1].name: \"city\" is listed twice"));
        assertEquals("console.defaultLanguage: is \"fr\"; use \"zh\" or \"en\"", error(s -> s.put("defaultLanguage", "fr")));
        assertTrue(error(s -> s.put("timeZone", "Mars/Olympus")).startsWith("console.timeZone:"));
        assertEquals("console.session.secure: must be true or false",
                error(s -> s.putObject("session").put("secure", "yes")));
        assertEquals("console.loginLimit.maxFailures: must be a whole number from 1 to 1000",
                error(s -> s.putObject("loginLimit").put("maxFailures", 0)));
        assertTrue(error(s -> s.put("users", "zhang")).startsWith("console.users: must be an array"));
        JsonNode notObject = new ObjectMapper().getNodeFactory().textNode("x");
        assertThrows(IllegalArgumentException.class, () -> ConsoleSettings.parse(notObject));
    }

    @Test
    void hashPasswordPrintsOnlyAHashThatVerifies() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = HashPassword.run(null, new java.io.BufferedReader(new java.io.StringReader("duty officer pw\n")),
                new java.io.PrintStream(out, true, "UTF-8"), new java.io.PrintStream(err, true, "UTF-8"));
        assertEquals(0, status);
        String hash = out.toString("UTF-8").strip();
        assertTrue(Passwords.parse(hash).matches("duty officer pw".toCharArray()));
        assertFalse(hash.contains("duty"));
        assertEquals(2, HashPassword.run(null, new java.io.BufferedReader(new java.io.StringReader("short\n")),
                new java.io.PrintStream(out, true, "UTF-8"), new java.io.PrintStream(err, true, "UTF-8")));
        assertTrue(err.toString("UTF-8").contains("at least 8 characters"));
    }

    @Test
    void noOfficersMeansNobodyCanLogInButTheServiceRuns() {
        assertTrue(ConsoleSettings.parse(new ObjectMapper().createObjectNode()).users.isEmpty());
        assertTrue(ConsoleSettings.parse(null).users.isEmpty());
    }

    @Test
    void passwordsHashAndVerify() {
        Passwords.Hash h = Passwords.parse(HASH);
        assertTrue(h.matches("long enough".toCharArray()));
        assertFalse(h.matches("long enougH".toCharArray()));
        assertFalse(HASH.equals(Passwords.hash("long enough".toCharArray(), 1000)), "salted");
        String real = Console.hashPassword("a real password".toCharArray());
        assertTrue(real.startsWith("pbkdf2-sha256:600000:"), real);
        assertTrue(Passwords.parse(real).matches("a real password".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> Console.hashPassword("short".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> Passwords.parse("pbkdf2-sha256:10:AAAA:AAAA"));
    }
}
