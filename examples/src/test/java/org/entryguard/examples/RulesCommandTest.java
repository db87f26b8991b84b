package org.entryguard.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code entryguard rules}: what the rules decide for a venue at a time, and why. */
class RulesCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String run(String... args) {
        out.reset();
        assertEquals(0, RulesCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream())));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The example: New Year's Day 2027, no 2027 notice loaded; the arcade admits minors by law. */
    @Test
    void arcadeOnNewYearsDay2027() throws Exception {
        JsonNode r = new ObjectMapper().readTree(run("--venue", "ARCADE", "--at", "2027-01-01T15:00+08:00", "--json"));
        assertEquals("GAME_ARCADE", r.get("venue").asText());
        assertTrue(r.get("minorsAdmitted").asBoolean(), r.toString());
        assertTrue(r.get("day").get("statutoryHoliday").asBoolean());
        assertFalse(r.get("day").get("noticeLoaded").asBoolean());
        assertEquals("元旦 New Year's Day", r.get("day").get("holiday").asText());
        assertTrue(r.get("warnings").get(0).asText().contains("2027"), r.toString());
        JsonNode minor = r.get("examples").get(0);
        assertEquals("MINOR", minor.get("decision").asText());
        assertTrue(minor.get("admitted").asBoolean());
        assertEquals(27.4, r.get("thresholds").get("adultFrom").asDouble(), 0.05, "the VenueRules javadoc's 27.4 y at 5.7 spread");

        String zh = run("--venue", "ARCADE", "--at", "2027-01-01T15:00+08:00");
        assertTrue(zh.contains("法定节假日：  是") && zh.contains("未成年人：    可以进入") && zh.contains("星期五"), zh);
        String en = run("--venue", "arcade", "--at", "2027-01-01T15:00+08:00", "--lang", "en");
        assertTrue(en.contains("Minors admitted:    yes") && en.contains("Friday"), en);

        JsonNode school = new ObjectMapper().readTree(run("--venue", "game-arcade", "--at", "2027-01-05T15:00", "--json"));
        assertFalse(school.get("minorsAdmitted").asBoolean(), school.toString());
        assertEquals("MINOR", school.get("examples").get(0).get("decision").asText());
        assertFalse(school.get("examples").get(0).get("admitted").asBoolean());
    }

    @Test
    void scriptedEntertainmentWithTheSampleVacationFile() throws Exception {
        String vacations = Path.of("src/dist/config/vacations-sample.txt").toString();
        JsonNode summer = new ObjectMapper().readTree(run("--venue", "scripted-entertainment", "--at", "2026-07-21",
                "--vacations", vacations, "--age", "16", "--spread", "0.8", "--json"));
        assertEquals("暑假 summer vacation", summer.get("day").get("schoolVacation").asText());
        assertTrue(summer.get("minorsAdmitted").asBoolean());
        assertEquals(14, summer.get("thresholds").get("guardianAge").asInt());
        assertEquals("MINOR", summer.get("examples").get(0).get("decision").asText());
        assertTrue(summer.get("examples").get(0).get("admitted").asBoolean());
        JsonNode term = new ObjectMapper().readTree(run("--venue", "SCRIPTED_ENTERTAINMENT", "--at", "2026-09-08",
                "--vacations", vacations, "--age", "16", "--spread", "0.8", "--json"));
        assertFalse(term.get("minorsAdmitted").asBoolean(), term.toString());
        assertTrue(term.get("minorsNote").asText().contains("school day"), term.toString());
    }

    @Test
    void badInputNamesTheOption() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        UsageException at = assertThrows(UsageException.class, () -> RulesCommand.run(
                new String[] {"--venue", "ktv", "--at", "tomorrow"}, sink, sink));
        assertTrue(at.getMessage().contains("--at") && at.getMessage().contains("2027-01-01T15:00+08:00"), at.getMessage());
        UsageException venue = assertThrows(UsageException.class, () -> RulesCommand.run(
                new String[] {"--venue", "casino"}, sink, sink));
        assertTrue(venue.getMessage().contains("--venue") && venue.getMessage().contains("scripted-entertainment"), venue.getMessage());
        UsageException none = assertThrows(UsageException.class, () -> RulesCommand.run(new String[0], sink, sink));
        assertTrue(none.getMessage().contains("--venue"), none.getMessage());
        UsageException file = assertThrows(UsageException.class, () -> RulesCommand.run(
                new String[] {"--venue", "ktv", "--calendar", "/nonexistent/holidays.txt"}, sink, sink));
        assertTrue(file.getMessage().contains("/nonexistent/holidays.txt"), file.getMessage());
        assertEquals(2, Main.run(new String[] {"rules", "--venue", "ktv", "--lang", "fr"}));
    }
}
