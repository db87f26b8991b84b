package org.entryguard.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.entryguard.core.testing.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceEvaluationTest {
    @TempDir
    Path tmp;

    @Test
    void reportCountsVisitsFlipsAndPerVisitRates() {
        var rs = List.of(
                visit("a", 14, "female", 1, Decision.MINOR, 15f, 2, Decision.CHECK_ID, 19f),
                visit("b", 16, "male", 1, Decision.ADULT, 27f, 0, Decision.ADULT, 28f),
                visit("c", 35, "female", 2, Decision.ADULT, 36f, 1, Decision.CHECK_ID, 24f),
                visit("d", 40, "", 0, null, Float.NaN, 0, Decision.ADULT, 41f));
        JsonNode r = SequenceEvaluation.report(rs, VenueRules.ofDefaults(VenueType.KTV), 0);
        assertEquals(4, r.get("visits").asInt());
        assertEquals(4, r.get("decisions").asInt());
        assertEquals(1, r.get("decision_flips").asInt(), "visit c decided twice");
        assertEquals(3, r.get("per_shot_decision_flips").asInt());
        assertEquals(1, r.get("visits_without_decision").asInt());
        assertEquals(0.5, r.get("per_visit").get("minors_13_17_stopped").asDouble(), 1e-9);
        assertEquals(0.5, r.get("per_visit").get("adults_30plus_passed").asDouble(), 1e-9, "a visit without decision does not pass");
        assertEquals(0.5, r.get("single_photo").get("minors_13_17_stopped").asDouble(), 1e-9);
        assertEquals(0.5, r.get("single_photo").get("adults_30plus_passed").asDouble(), 1e-9);
        assertEquals(4.33, r.get("per_visit").get("mae").asDouble(), 1e-9, "(1 + 11 + 1) / 3: visits without a decision have no age");
        JsonNode d = r.get("decision");
        assertEquals("KTV", d.get("venue").asText());
        assertEquals(3, d.get("decided").asInt());
        assertEquals(1, d.get("missed").asInt());
        assertEquals(1, d.get("minors_13_17_stopped").get("k").asInt());
        assertEquals(2, d.get("minors_13_17_stopped").get("n").asInt());
        // over decided visits: the visit without a decision is counted as missed, not as a refused adult
        assertEquals(1.0, d.get("adults_30plus_passed").get("rate").asDouble(), 1e-9, d.toString());
        assertEquals(1, d.get("adults_30plus_missed").asInt());
        assertEquals(1, d.get("by_gender").get("female").get("minors_13_17_stopped").get("k").asInt());
        assertEquals(0, d.get("by_gender").get("male").get("minors_13_17_stopped").get("k").asInt());
        assertEquals(0, d.get("by_gender").get("male").get("adults_30plus_passed").get("n").asInt());
        assertTrue(d.get("by_gender").get("male").get("adults_30plus_passed").get("rate").isNull(), "0 of 0 has no rate");
        assertEquals(1, d.get("by_race").get("asian").get("minors_13_17_stopped").get("n").asInt());
    }

    private static SequenceEvaluation.VisitResult visit(String file, int age, String gender, int decisions, Decision decision,
                                                        float fusedAge, int flips, Decision single, float singleAge) {
        return new SequenceEvaluation.VisitResult(file, age, gender, file.equals("a") ? "asian" : "", "held-out", decisions, decision,
                fusedAge, 5f, Float.NaN, "", flips, single, singleAge);
    }

    @Test
    @Tag("slow")
    void sequencesOnRealFacesGiveOneDecisionPerVisit() throws Exception {
        Path set = labelledSet("set", List.of("14", "15", "45", "50"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = EvaluateCommand.run(new String[] {"--sequences", "--out", tmp.resolve("r").toString(), set.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, rc, out.toString(StandardCharsets.UTF_8));
        JsonNode r = new ObjectMapper().readTree(tmp.resolve("r/report.json").toFile());
        assertEquals(8, r.get("visits").asInt());
        assertEquals(0, r.get("decision_flips").asInt(), "never more than one decision per visit: " + r);
        // a visit whose face is never detected well enough to track across the door gets no decision (a miss)
        assertTrue(r.get("visits_without_decision").asInt() <= 2, r.toString());
        assertEquals(8 - r.get("visits_without_decision").asInt(), r.get("decisions").asInt(), r.toString());
        assertTrue(r.has("single_photo") && r.get("per_visit").has("minors_13_17_stopped"), r.toString());
    }

    @Test
    @Tag("slow")
    void theMotionGateDecidesRealVisitsAsTheUngatedGuardDoes() throws Exception {
        Path set = labelledSet("gate-set", List.of("15", "45"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = EvaluateCommand.run(new String[] {"--sequences", "--motion-gate", "on", "--out", tmp.resolve("g").toString(),
                set.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, rc, out.toString(StandardCharsets.UTF_8));
        JsonNode g = new ObjectMapper().readTree(tmp.resolve("g/report.json").toFile()).get("motion_gate");
        assertEquals(4, g.get("visits").asInt(), g.toString());
        assertEquals(0, g.get("visits_decided_differently").asInt(), g.toString());
        assertEquals(4 * (SequenceEvaluation.GATE_LEAD_IN + 20), g.get("frames").asInt(), g.toString());
        // the 2 s of empty door before each visit (but its first frame) and the empty frames after the track ends
        assertTrue(g.get("avoided_share").asDouble() > 0.4, g.toString());
    }

    /** A labelled folder of the first two faces-public photos of each age (skips when the set is absent). */
    private Path labelledSet(String name, List<String> ages) throws java.io.IOException {
        Path faces = SharedData.facesPublic();
        Path set = Files.createDirectories(tmp.resolve(name));
        StringBuilder csv = new StringBuilder("file,age\n");
        for (String age : ages) {
            try (var files = Files.list(faces)) {
                for (Path p : files.filter(f -> f.getFileName().toString().startsWith(age + "_")).sorted().limit(2).toList()) {
                    Files.copy(p, set.resolve(p.getFileName()));
                    csv.append(p.getFileName()).append(',').append(age).append('\n');
                }
            }
        }
        Files.writeString(set.resolve("labels.csv"), csv);
        return set;
    }
}
