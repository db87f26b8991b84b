package org.entryguard.examples.evaluation;

import org.entryguard.core.AgeCalibration;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DecisionEvaluationTest {
    private static ScoredPhoto p(int age, float raw, String refused) {
        return new ScoredPhoto("f" + age + "_" + raw, age, "", DataSplit.Half.HELD_OUT, true, raw, 0.9f, refused);
    }

    @Test
    void countsStopsPassesAndRefusals() {
        List<ScoredPhoto> photos = List.of(
                p(15, 12f, ""),    // MINOR
                p(16, 22f, ""),    // CHECK_ID
                p(17, 40f, ""),    // ADULT: a minor let through
                p(35, 40f, ""),    // ADULT
                p(40, 38f, "BLURRED"), // ADULT, but refused by the gate
                p(33, 20f, ""),    // CHECK_ID
                new ScoredPhoto("miss", 16, "", DataSplit.Half.HELD_OUT, false, Float.NaN, Float.NaN, ""));
        VenueRules ktv = VenueRules.ofDefaults(VenueType.KTV);
        AgeCalibration id = AgeCalibration.identity(3f);
        DecisionEvaluation plain = new DecisionEvaluation(photos, id, false);
        assertEquals(Decision.MINOR, plain.decide(photos.get(0), ktv));
        assertNull(plain.decide(photos.get(6), ktv), "no face, no decision");
        assertEquals(2.0 / 3, plain.minorsStopped(ktv), 1e-9);
        assertEquals(1, plain.minorsPassed(ktv));
        assertEquals(2.0 / 3, plain.adultsPassed(ktv), 1e-9);
        DecisionEvaluation gated = new DecisionEvaluation(photos, id, true);
        assertEquals(1.0 / 3, gated.adultsPassed(ktv), 1e-9, "a refused shot is a CHECK_ID");
        assertEquals(1.0 / 3, gated.refusedShare(30, 200), 1e-9);
        List<DecisionEvaluation.Point> curve = plain.curve(ktv, DecisionEvaluation.standardThresholds());
        assertEquals(DecisionEvaluation.standardThresholds().length, curve.size());
        for (int i = 1; i < curve.size(); i++) {
            assertEquals(true, curve.get(i).adultsPassed() >= curve.get(i - 1).adultsPassed(), "a looser threshold passes more");
        }
    }
}
