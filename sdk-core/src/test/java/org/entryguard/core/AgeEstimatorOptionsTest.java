package org.entryguard.core;

import org.entryguard.core.internal.AgeGenderEstimator;
import org.entryguard.core.internal.FaceCrop;
import org.entryguard.core.internal.OnnxModel;
import org.entryguard.core.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The estimator's accuracy options against face-api's exact path, on the bundled test image. */
class AgeEstimatorOptionsTest {
    private static ImageFrame frame;
    private static FaceBox box;

    @BeforeAll
    static void detect() {
        frame = TestImages.astronaut();
        box = TestImages.astronautFace(frame);
    }

    @AfterAll
    static void done() {
        frame = null;
    }

    @Test
    void faceApiCompatibleIsTheOldExactPath() {
        OnnxModel m = OnnxModel.loadResource(AgeGenderEstimator.RESOURCE, AgeGenderEstimator.CONTRACT, 1);
        try (AgeEstimator old = new AgeGenderEstimator(m, AgeEstimatorBuilder.DEFAULT_SPREAD);
             AgeEstimator compat = AgeEstimator.custom().faceApiCompatible().build()) {
            AgeEstimate a = old.estimate(frame, box);
            AgeEstimate b = compat.estimate(frame, box);
            assertEquals(a, b, "faceApiCompatible() must give face-api's raw age and the constant spread");
            assertEquals(AgeEstimatorBuilder.DEFAULT_SPREAD, b.spread());
        } finally {
            m.release();
        }
    }

    @Test
    void defaultIsLandmarkCropFlipAndBundledCalibration() {
        try (AgeEstimator def = AgeEstimator.custom().build();
             AgeEstimator raw = AgeEstimator.custom().uncalibrated().build();
             AgeEstimator noFlip = AgeEstimator.custom().flip(false).uncalibrated().build();
             AgeEstimator compat = AgeEstimator.custom().faceApiCompatible().build()) {
            float r = raw.estimate(frame, box).age();
            AgeEstimate d = def.estimate(frame, box);
            assertEquals(AgeCalibration.ofDefaults().apply(r), d);
            assertEquals(r, ((AgeGenderEstimator) raw).lastRawAge());
            assertNotEquals(r, noFlip.estimate(frame, box).age(), "the mirror average differs from one pass");
            assertNotEquals(r, compat.estimate(frame, box).age(), "the landmark crop differs from the detector crop");
            try (LandmarkDetector lm = LandmarkDetector.ofDefaults()) {
                // landmarks passed in (the guard's order: detect → landmarks → age) give the very same estimate
                assertEquals(d, def.estimate(frame, box, lm.detect(frame, box)));
            }
            assertTrue(d.spread() > 1f && d.spread() < 12f, d.toString());
        }
    }

    @Test
    void landmarkCropIsFaceApisAlignedRect() {
        try (LandmarkDetector lm = LandmarkDetector.ofDefaults();
             AgeEstimator aligned = AgeEstimator.custom().faceApiCompatible().landmarkCrop(true).build();
             AgeEstimator exact = AgeEstimator.custom().faceApiCompatible().build()) {
            float[] p = lm.detect(frame, box);
            float x0 = Float.MAX_VALUE;
            float y0 = Float.MAX_VALUE;
            float x1 = -Float.MAX_VALUE;
            float y1 = -Float.MAX_VALUE;
            for (int i = 0; i < p.length; i += 2) {
                x0 = Math.min(x0, p[i]);
                x1 = Math.max(x1, p[i]);
                y0 = Math.min(y0, p[i + 1]);
                y1 = Math.max(y1, p[i + 1]);
            }
            double w = x1 - x0;
            double h = y1 - y0;
            FaceBox rect = new FaceBox((float) (x0 - w * 0.1), (float) (y0 - h * 0.1), (float) (w * 1.2), (float) (h * 1.2));
            assertEquals(exact.estimate(frame, rect).age(), aligned.estimate(frame, box).age(), 1e-3f);
        }
    }

    @Test
    void landmarksLieOnTheFace() {
        try (LandmarkDetector lm = LandmarkDetector.ofDefaults(); LandmarkDetector other = lm.newInstance()) {
            float[] p = lm.detect(frame, box);
            assertEquals(2 * LandmarkDetector.POINTS, p.length);
            for (int i = 0; i < p.length; i += 2) {
                assertTrue(p[i] > box.x() - 0.2f * box.width() && p[i] < box.right() + 0.2f * box.width(), "x" + i / 2);
                assertTrue(p[i + 1] > box.y() - 0.2f * box.height() && p[i + 1] < box.bottom() + 0.2f * box.height(), "y" + i / 2);
            }
            float[] leftEye = LandmarkDetector.mean(p, 36, 42);
            float[] rightEye = LandmarkDetector.mean(p, 42, 48);
            float[] mouth = LandmarkDetector.mean(p, 48, 68);
            assertTrue(leftEye[0] < rightEye[0], "image-left eye first");
            assertTrue(mouth[1] > leftEye[1] && mouth[1] > rightEye[1], "mouth below the eyes");
            assertArrayEquals(p, other.detect(frame, box), "instances sharing a model agree");
            Face f = lm.withLandmarks(frame, new Face(box, 0.9f));
            assertTrue(f.hasLandmarks());
        }
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> AgeEstimator.custom().boxScale(-0.5f));
        assertThrows(IllegalArgumentException.class, () -> AgeEstimator.custom().landmarkPadding(2f));
        assertThrows(IllegalArgumentException.class, () -> AgeEstimator.custom().spread(0f));
    }

    @Test
    void estimatorsShareModelsAcrossInstances() {
        try (AgeEstimator a = AgeEstimator.custom().build()) {
            AgeEstimator b = a.newInstance();
            try {
                assertEquals(a.estimate(frame, box), b.estimate(frame, box));
            } finally {
                b.close();
            }
            assertEquals(a.estimate(frame, box), a.estimate(frame, box), "no state leaks between calls");
        }
    }

    @Test
    void squareCropMatchesTheFaceApiCropForAnAxisAlignedSquare() {
        FaceCrop c = new FaceCrop(112);
        FloatBuffer a = buffer();
        FloatBuffer b = buffer();
        c.faceApi(frame, 180, 90, 150, 150, a);
        c.square(frame, 180 + 75, 90 + 75, 150, 0.0, b);
        for (int i = 0; i < 112 * 112 * 3; i++) {
            assertEquals(a.get(i), b.get(i), 1e-4f, "at " + i);
        }
        FaceCrop.mirror(b, 112);
        assertEquals(a.get(0), b.get(111 * 3), 0f);
        FaceCrop.mirror(b, 112);
        for (int i = 0; i < 112 * 112 * 3; i++) {
            assertEquals(a.get(i), b.get(i), 1e-4f);
        }
        assertThrows(EntryGuardException.class, () -> c.square(frame, -1000, -1000, 50, 0, b));
    }

    private static FloatBuffer buffer() {
        return ByteBuffer.allocateDirect(112 * 112 * 3 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
