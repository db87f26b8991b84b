package org.entryguard.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --log-format json}: every log line, the SDK's through SLF4J and the commands' own, is one JSON object. */
class LogLinesTest {
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void textAgain() {
        LogLines.format(LogLines.Format.TEXT);
    }

    @Test
    void optionIsTakenOutOfTheArgumentsWhereverItStands() {
        assertArrayEquals(new String[] {"gateway", "--config", "x.json"},
                Main.logFormat(new String[] {"--log-format", "json", "gateway", "--config", "x.json"}));
        assertEquals(LogLines.Format.JSON, LogLines.format());
        assertArrayEquals(new String[] {"check"}, Main.logFormat(new String[] {"check", "--log-format=text"}));
        assertEquals(LogLines.Format.TEXT, LogLines.format());
        UsageException e = assertThrows(UsageException.class, () -> Main.logFormat(new String[] {"--log-format", "xml"}));
        assertTrue(e.getMessage().contains("--log-format") && e.getMessage().contains("text or json"), e.getMessage());
    }

    @Test
    void commandLinesBecomeJsonWithTheirLevel() throws Exception {
        LogLines.format(LogLines.Format.JSON);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = LogLines.wrap(new PrintStream(buf, true, StandardCharsets.UTF_8), "gateway");
        err.println("door-1 STREAMING in=10 analysed=9 \"quoted\"");
        err.println("error: http.port: cannot open");
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        JsonNode first = json.readTree(lines.get(0));
        assertEquals("INFO", first.get("level").asText());
        assertEquals("gateway", first.get("logger").asText());
        assertEquals("door-1 STREAMING in=10 analysed=9 \"quoted\"", first.get("message").asText());
        assertTrue(first.get("time").asText().endsWith("Z"), first.toString());
        assertEquals("ERROR", json.readTree(lines.get(1)).get("level").asText());
    }

    @Test
    void textModePassesLinesThroughUnchanged() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = LogLines.wrap(new PrintStream(buf, true, StandardCharsets.UTF_8), "gateway");
        err.println("door-1 ENDED");
        assertEquals("door-1 ENDED\n", buf.toString(StandardCharsets.UTF_8));
    }

    /** The SDK's lines go through Logback; with a stack trace they are still one line, the trace a field. */
    @Test
    void sdkLinesThroughSlf4jAreOneJsonLineEach() throws Exception {
        LogLines.format(LogLines.Format.JSON);
        PrintStream original = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            LoggerFactory.getLogger("org.entryguard.camera.Test").warn("[door-1] STREAMING -> STALLED: no frame for 5 s",
                    new IllegalStateException("boom"));
        } finally {
            System.setErr(original);
        }
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        JsonNode l = json.readTree(lines.get(0));
        assertEquals("WARN", l.get("level").asText());
        assertEquals("org.entryguard.camera.Test", l.get("logger").asText());
        assertEquals("[door-1] STREAMING -> STALLED: no frame for 5 s", l.get("message").asText());
        assertTrue(l.get("error").asText().contains("IllegalStateException: boom"), l.toString());
    }
}
