package org.entryguard.core.guard;

import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.guard.Synth.Person;
import org.entryguard.core.guard.Synth.Scene;
import org.entryguard.core.guard.FaceQuality.Failure;
import org.entryguard.core.guard.internal.Measurement;
import org.entryguard.core.guard.internal.QualityScorer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceQualityTest {
    private final QualityScorer scorer = new QualityScorer(FaceQuality.ofDefaults());
    private final Measurement m = new Measurement();

    private static ImageFrame still(int rgb, FaceBox box, boolean blurry) {
        Person p = new Person("p", 30f, rgb, i -> box);
        return new Scene(Synth.SCHOOL_DAY).with(blurry ? p.blurred() : p).frame(0);
    }

    private Failure measure(int rgb, FaceBox box, boolean blurry, float[] landmarks) {
        scorer.measure(still(rgb, box, blurry), new Face(box, 0.9f, landmarks), m);
        return m.failure;
    }

    private static final FaceBox BOX = new FaceBox(250, 150, 120, 120);

    @Test
    void aSharpWellLitFrontalFacePasses() {
        assertEquals(Failure.NONE, measure(0xC89678, BOX, false, new float[0]));
        assertTrue(m.passed());
        assertTrue(m.sharpness > 200, m.toString());
        assertTrue(m.score > 0 && m.score <= 1, m.toString());
        assertFalse(m.poseChecked, "no landmarks: pose is skipped");
        assertTrue(m.toString().contains("unchecked (no landmarks)"), m.toString());
    }

    @Test
    void eachGateRejectsItsCase() {
        assertTrue(measure(0xC89678, BOX, true, new float[0]) != Failure.NONE, m.toString());
        new QualityScorer(FaceQuality.custom().minContrast(0).build()).measure(still(0xC89678, BOX, true), new Face(BOX, 0.9f), m);
        assertEquals(Failure.BLURRED, m.failure, m.toString());
        assertEquals(Failure.TOO_SMALL, measure(0xC89678, new FaceBox(250, 150, 60, 60), false, new float[0]));
        assertEquals(Failure.AT_EDGE, measure(0xC89678, new FaceBox(0, 150, 120, 120), false, new float[0]));
        assertEquals(Failure.AT_EDGE, measure(0xC89678, new FaceBox(560, 150, 120, 120), false, new float[0]));
        assertEquals(Failure.TOO_DARK, measure(0x101010, BOX, false, new float[0]));
        assertEquals(Failure.TOO_BRIGHT, measure(0xF8F8F8, BOX, false, new float[0]));
        scorer.measure(still(0xC89678, BOX, false), new Face(BOX, 0.3f), m);
        assertEquals(Failure.LOW_SCORE, m.failure);
    }

    @Test
    void blurLowersSharpness() {
        measure(0xC89678, BOX, false, new float[0]);
        float sharp = m.sharpness;
        FaceQuality lenient = FaceQuality.custom().minContrast(0).minSharpness(0).build();
        new QualityScorer(lenient).measure(still(0xC89678, BOX, true), new Face(BOX, 0.9f), m);
        assertTrue(m.sharpness < sharp / 10, m.sharpness + " vs " + sharp);
    }

    /** Five points (left eye, right eye, nose tip, left and right mouth corner) of a frontal face, rotated. */
    private static float[] fivePoints(float cx, float cy, float iod, double rollDeg, float noseShiftX) {
        float[][] p = {{-iod / 2, 0}, {iod / 2, 0}, {noseShiftX, 0.55f * iod}, {-0.4f * iod, iod}, {0.4f * iod, iod}};
        double r = Math.toRadians(rollDeg);
        float[] out = new float[10];
        for (int i = 0; i < 5; i++) {
            out[2 * i] = (float) (cx + p[i][0] * Math.cos(r) - p[i][1] * Math.sin(r));
            out[2 * i + 1] = (float) (cy + p[i][0] * Math.sin(r) + p[i][1] * Math.cos(r));
        }
        return out;
    }

    @Test
    void poseFromFiveLandmarks() {
        assertEquals(Failure.NONE, measure(0xC89678, BOX, false, fivePoints(310, 190, 50, 0, 0)));
        assertTrue(m.poseChecked);
        assertEquals(0f, m.roll, 0.01f);
        assertEquals(0f, m.yaw, 0.01f);
        assertEquals(0f, m.pitch, 0.01f);

        assertEquals(Failure.NONE, measure(0xC89678, BOX, false, fivePoints(310, 190, 50, 10, 0)));
        assertEquals(10f, m.roll, 0.01f);
        assertEquals(0f, m.yaw, 0.01f, "rolling the head is not yaw");

        assertEquals(Failure.ROLL, measure(0xC89678, BOX, false, fivePoints(310, 190, 50, 30, 0)));
        assertEquals(30f, m.roll, 0.01f);

        // nose tip shifted sideways by 0.3 IOD: atan(0.3 / 0.55) ≈ 28.6° of yaw
        assertEquals(Failure.YAW, measure(0xC89678, BOX, false, fivePoints(310, 190, 50, 0, 15)));
        assertEquals(28.6f, m.yaw, 0.1f);
    }

    @Test
    void unsupportedLandmarkLayoutsSkipPose() {
        assertEquals(Failure.NONE, measure(0xC89678, BOX, false, new float[] {1, 2, 3, 4}));
        assertFalse(m.poseChecked);
        assertTrue(Float.isNaN(m.yaw));
    }

    @Test
    void measuringAllocatesNothing() {
        ImageFrame f = still(0xC89678, BOX, false);
        Face face = new Face(BOX, 0.9f, fivePoints(310, 190, 50, 5, 2));
        for (int i = 0; i < 2000; i++) {
            scorer.measure(f, face, m);
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            scorer.measure(f, face, m);
        }
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1000, "1000 measurements allocated " + allocated + " bytes");
    }
}
