package org.entryguard.core;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgeCalibrationTest {
    @Test
    void identityKeepsTheRawAge() {
        AgeCalibration c = AgeCalibration.identity(5.69f);
        assertEquals(new AgeEstimate(31.5f, 5.69f), c.apply(31.5f));
        assertEquals(0.5, c.minorProbability(18f, 18), 1e-6);
    }

    @Test
    void interpolatesAndExtrapolatesTheTable() {
        AgeCalibration c = AgeCalibration.of(new float[] {10, 20, 30}, new float[] {12, 21, 28}, new float[] {2, 4, 6});
        assertEquals(16.5f, c.meanAt(15), 1e-5);
        assertEquals(3f, c.spreadAt(15), 1e-5);
        assertEquals(7f, c.meanAt(5), 1e-5, "below the table: the first knot's offset");
        assertEquals(38f, c.meanAt(40), 1e-5, "above the table: the last knot's offset");
        assertEquals(6f, c.spreadAt(99), 1e-5);
        assertEquals(21f, c.meanAt(20), 1e-5);
        AgeCalibration back = AgeCalibration.parse(c.toCsv(), "round trip");
        for (float e = 0; e < 50; e += 0.7f) {
            assertEquals(c.meanAt(e), back.meanAt(e), 1e-4);
            assertEquals(c.spreadAt(e), back.spreadAt(e), 1e-4);
        }
    }

    @Test
    void refusesBrokenTables() {
        assertThrows(ModelException.class, () -> AgeCalibration.parse("raw,mean,spread\n1,2\n", "x"));
        assertThrows(ModelException.class, () -> AgeCalibration.parse("raw,mean,spread\n1,2,0\n", "x"));
        assertThrows(ModelException.class, () -> AgeCalibration.parse("2,2,1\n1,2,1\n", "x"));
        assertThrows(IllegalArgumentException.class, () -> AgeCalibration.fit(new double[3], new int[3], 2));
    }

    @Test
    void fitRecoversAShiftAndANoiseAndStaysMonotone() {
        Random r = new Random(1);
        int n = 4000;
        double[] raw = new double[n];
        int[] age = new int[n];
        for (int i = 0; i < n; i++) {
            age[i] = 5 + r.nextInt(50);
            raw[i] = age[i] + 3 + 2 * r.nextGaussian(); // the model says 3 years too old, ±2
        }
        AgeCalibration c = AgeCalibration.fit(raw, age, 2.0);
        assertEquals(27f, c.meanAt(30f), 0.7f);
        assertTrue(c.spreadAt(30f) > 1.5f && c.spreadAt(30f) < 3f, "spread " + c.spreadAt(30f));
        for (float e = 0; e < 70; e += 0.5f) {
            assertTrue(c.meanAt(e + 0.5f) >= c.meanAt(e) - 1e-4, "monotone at " + e);
        }
    }

    @Test
    void bundledTableIsSane() {
        AgeCalibration c = AgeCalibration.ofDefaults();
        assertTrue(c.size() >= 10, c.toString());
        for (float e = 0; e < 80; e += 0.5f) {
            assertTrue(c.meanAt(e + 0.5f) >= c.meanAt(e) - 1e-4, "monotone at " + e);
            assertTrue(c.spreadAt(e) >= 1f && c.spreadAt(e) < 15f);
        }
        assertTrue(c.minorProbability(10f, 18) > 0.9);
        assertTrue(c.minorProbability(40f, 18) < 0.05);
        assertTrue(c.minorProbability(55f, 18) < 0.001);
    }
}
