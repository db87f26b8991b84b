package org.entryguard.core.guard;

import org.entryguard.core.Face;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.LandmarkDetector;
import org.entryguard.core.guard.FaceQuality.Failure;
import org.entryguard.core.guard.internal.Measurement;
import org.entryguard.core.guard.internal.QualityScorer;
import org.entryguard.core.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quality gate's occlusion (eyes visible) check on the bundled astronaut photo with the bundled detector and
 * landmark models: untouched it passes; with the eye band blacked out or behind painted dark lenses it fails,
 * with the landmarks found again on the altered picture (as at a real door).
 */
class OcclusionCheckTest {
    private static FaceDetector detector;
    private static LandmarkDetector landmarks;

    private final QualityScorer scorer = new QualityScorer(FaceQuality.ofDefaults());
    private final Measurement m = new Measurement();

    @BeforeAll
    static void load() {
        detector = FaceDetector.custom().build();
        landmarks = LandmarkDetector.ofDefaults();
    }

    @AfterAll
    static void close() {
        detector.close();
        landmarks.close();
    }

    /** The most confident face with its 68 landmarks. */
    private static Face face(ImageFrame frame) {
        Face f = detector.detect(frame).stream().max(Comparator.comparingDouble(Face::score)).orElseThrow();
        return landmarks.withLandmarks(frame, f);
    }

    private static float[] eye(float[] p, int from) {
        return LandmarkDetector.mean(p, from, from + 6);
    }

    /** A copy with every pixel for which {@code inside} holds set to {@code 10 + k·value}. */
    private static ImageFrame tinted(ImageFrame f, float k, java.util.function.BiPredicate<Integer, Integer> inside) {
        byte[] px = f.data().clone();
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                if (inside.test(x, y)) {
                    int o = y * f.stride() + 3 * x;
                    for (int c = 0; c < 3; c++) {
                        px[o + c] = (byte) Math.round(k == 0f ? 0 : 10 + k * (px[o + c] & 0xff));
                    }
                }
            }
        }
        return ImageFrame.of(px, f.width(), f.height(), f.stride(), f.format(), f.timestampMillis(), f.sourceId());
    }

    /** The eye band (both eyes, brows to upper cheeks) blacked out. */
    private static ImageFrame eyeBandBlack(ImageFrame f, float[] lm) {
        float[] l = eye(lm, 36);
        float[] r = eye(lm, 42);
        float iod = r[0] - l[0];
        float cy = (l[1] + r[1]) / 2;
        return tinted(f, 0f, (x, y) -> x >= l[0] - 0.45f * iod && x <= r[0] + 0.45f * iod
                && y >= cy - 0.25f * iod && y <= cy + 0.3f * iod);
    }

    /** Two dark elliptical lenses (15 % of the light) over the eyes. */
    private static ImageFrame darkLenses(ImageFrame f, float[] lm) {
        float[] l = eye(lm, 36);
        float[] r = eye(lm, 42);
        float iod = r[0] - l[0];
        float a = 0.32f * iod;
        float b = 0.23f * iod;
        return tinted(f, 0.15f, (x, y) -> {
            for (float[] c : new float[][] {l, r}) {
                float u = (x - c[0]) / a;
                float v = (y - c[1]) / b;
                if (u * u + v * v <= 1f) {
                    return true;
                }
            }
            return false;
        });
    }

    @Test
    void theUntouchedPhotoPasses() {
        ImageFrame frame = TestImages.astronaut();
        Face f = face(frame);
        assertTrue(scorer.checkOcclusion(frame, f.landmarks(), m), m.toString());
        assertTrue(m.occlusionChecked, m.toString());
        assertTrue(m.eyeVisibility >= FaceQuality.DEFAULT_MIN_EYE_VISIBILITY + 0.2f, "clear margin expected: " + m);
        scorer.measure(frame, f, m);
        assertNotEquals(Failure.OCCLUDED, m.failure, m.toString());
        assertTrue(m.toString().contains("eyes="), m.toString());
    }

    @Test
    void theEyeBandBlackedOutFails() {
        ImageFrame frame = TestImages.astronaut();
        ImageFrame covered = eyeBandBlack(frame, face(frame).landmarks());
        Face f = face(covered); // found again on the covered picture
        assertFalse(scorer.checkOcclusion(covered, f.landmarks(), m), m.toString());
        assertEquals(Failure.OCCLUDED, m.failure);
        assertEquals(0f, m.score);
        assertTrue(m.eyeVisibility < FaceQuality.DEFAULT_MIN_EYE_VISIBILITY, m.toString());
        // the full gate says the same when the face comes with landmarks
        assertFalse(scorer.measure(covered, f, m));
        assertEquals(Failure.OCCLUDED, m.failure, m.toString());
    }

    @Test
    void darkLensesFail() {
        ImageFrame frame = TestImages.astronaut();
        ImageFrame shades = darkLenses(frame, face(frame).landmarks());
        Face f = face(shades);
        assertFalse(scorer.checkOcclusion(shades, f.landmarks(), m), m.toString());
        assertTrue(m.eyeVisibility < 0.3f, m.toString());
    }

    @Test
    void fivePointLandmarksWorkToo() {
        ImageFrame frame = TestImages.astronaut();
        float[] lm = face(frame).landmarks();
        float[] l = eye(lm, 36);
        float[] r = eye(lm, 42);
        float[] five = {l[0], l[1], r[0], r[1], lm[60], lm[61], lm[96], lm[97], lm[108], lm[109]};
        assertTrue(scorer.checkOcclusion(frame, five, m), m.toString());
        float clean = m.eyeVisibility;
        scorer.checkOcclusion(frame, lm, m);
        assertEquals(m.eyeVisibility, clean, 1e-6f, "the same eye centres give the same visibility");
        ImageFrame covered = eyeBandBlack(frame, lm);
        assertFalse(scorer.checkOcclusion(covered, five, m), m.toString());
    }

    @Test
    void offOrUnmeasurableMeansNoRefusal() {
        ImageFrame frame = TestImages.astronaut();
        ImageFrame covered = eyeBandBlack(frame, face(frame).landmarks());
        float[] lm = face(covered).landmarks();
        QualityScorer off = new QualityScorer(FaceQuality.custom().occlusionCheck(false).build());
        assertTrue(off.checkOcclusion(covered, lm, m));
        assertFalse(FaceQuality.custom().occlusionCheck(false).build().occlusionCheck());
        assertTrue(new QualityScorer(FaceQuality.custom().minEyeVisibility(0f).build()).checkOcclusion(covered, lm, m));
        // another landmark layout, or none: nothing to measure, so no refusal, and the measurement says so
        Measurement fresh = new Measurement();
        assertTrue(scorer.checkOcclusion(covered, new float[6], fresh));
        assertFalse(fresh.occlusionChecked);
        assertTrue(scorer.checkOcclusion(covered, new float[0], fresh));
        assertTrue(scorer.checkOcclusion(covered, null, fresh));
        // eyes at the very edge of the frame: the patches do not fit, not measurable
        float[] atEdge = {2, 1, 12, 1, 7, 6, 3, 11, 11, 11};
        assertTrue(scorer.checkOcclusion(covered, atEdge, fresh));
        assertFalse(fresh.occlusionChecked);
    }

    @Test
    void publicCheckerGivesTheGatesVerdictAndTheEyeVisibility() {
        ImageFrame frame = TestImages.astronaut();
        Face clean = face(frame);
        ImageFrame covered = eyeBandBlack(frame, clean.landmarks());
        Face hidden = face(covered);
        FaceQuality.Checker checker = FaceQuality.ofDefaults().newChecker();
        assertEquals(Failure.NONE, checker.check(frame, clean));
        assertEquals(Failure.OCCLUDED, checker.check(covered, hidden));
        // the same verdict as the gate the guard runs
        scorer.measure(covered, hidden, m);
        assertEquals(m.failure, checker.check(covered, hidden));
        // without the occlusion check the covered shot passes, but its eye visibility is still measured
        FaceQuality.Checker noEyes = FaceQuality.custom().occlusionCheck(false).build().newChecker();
        assertEquals(Failure.NONE, noEyes.check(covered, hidden));
        float[] parts = new float[4];
        float v = noEyes.eyeVisibility(covered, hidden.landmarks(), parts);
        assertTrue(v < FaceQuality.DEFAULT_MIN_EYE_VISIBILITY, "covered eyes: " + v);
        assertEquals((parts[0] / Math.max(8f, parts[1]) + parts[2] / Math.max(8f, parts[3])) / 2, v, 1e-4f, "the mean of the two sides' ratios");
        assertTrue(checker.eyeVisibility(frame, clean.landmarks(), null) >= FaceQuality.DEFAULT_MIN_EYE_VISIBILITY);
        // unmeasurable: NaN, and the parts say so
        assertTrue(Float.isNaN(checker.eyeVisibility(frame, new float[6], parts)));
        assertTrue(Float.isNaN(parts[0]) && Float.isNaN(parts[3]));
    }

    @Test
    void builderRejectsBadThresholds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaceQuality.custom().minEyeVisibility(-0.1f));
        assertTrue(e.getMessage().contains("minEyeVisibility"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FaceQuality.custom().minEyeVisibility(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> FaceQuality.custom().minEyeVisibility(2.5f));
        assertTrue(FaceQuality.ofDefaults().occlusionCheck());
        assertEquals(FaceQuality.DEFAULT_MIN_EYE_VISIBILITY, FaceQuality.ofDefaults().minEyeVisibility());
    }
}
