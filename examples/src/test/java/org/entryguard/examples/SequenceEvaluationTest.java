package org.entryguard.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.entryguard.core.decision.Decision;
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
                new SequenceEvaluation.VisitResult("a", 14, 1, Decision.MINOR, 15f, 2, Decision.CHECK_ID, 19f),
                new SequenceEvaluation.VisitResult("b", 16, 1, Decision.ADULT, 27f, 0, Decision.ADULT, 28f),
                new SequenceEvaluation.VisitResult("c", 35, 2, Decision.ADULT, 36f, 1, Decision.CHECK_ID, 24f),
                new SequenceEvaluation.VisitResult("d", 40, 0, null, Float.NaN, 0, Decision.ADULT, 41f));
        JsonNode r = SequenceEvaluation.report(rs);
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
    }

    @Test
    @Tag("slow")
    void sequencesOnRealFacesGiveOneDecisionPerVisit() throws Exception {
        Path faces = SharedData.facesPublic();
        Path set = Files.createDirectories(tmp.resolve("set"));
        StringBuilder csv = new StringBuilder("file,age\n");
        for (String age : List.of("14", "15", "45", "50")) {
            try (var files = Files.list(faces)) {
                for (Path p : files.filter(f -> f.getFileName().toString().startsWith(age + "_")).sorted().limit(2).toList()) {
                    Files.copy(p, set.resolve(p.getFileName()));
                    csv.append(p.getFileName()).append(',').append(age).append('\n');
                }
            }
        }
        Files.writeString(set.resolve("labels.csv"), csv);
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
}
