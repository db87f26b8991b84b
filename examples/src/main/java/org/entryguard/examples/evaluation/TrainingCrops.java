package org.entryguard.examples.evaluation;

import org.entryguard.core.AgeEstimator;
import org.entryguard.core.AgeModel;
import org.entryguard.core.FaceBox;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.internal.AgeGenderEstimator;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * The exact 112×112 RGB picture the default {@link AgeEstimator} gives the age network for a face, for training
 * and checking age models outside Java.
 *
 * <p>Training and inference must see the same crop: this class does not re-implement it, it runs the default
 * estimator's own crop (landmark box, face-api's pad-to-square and TF-legacy bilinear resize) and hands back the
 * network input, unmirrored. Whatever the estimator's defaults become, the exported crops follow them.
 *
 * <p>Face crops of minors are sensitive personal data: this class only fills the caller's array, it writes
 * nothing.
 */
public final class TrainingCrops implements AutoCloseable {
    /** Side of the crop in pixels. */
    public static final int SIZE = AgeGenderEstimator.SIZE;

    private final AgeGenderEstimator estimator;

    private TrainingCrops(AgeGenderEstimator estimator) {
        this.estimator = estimator;
    }

    /**
     * The default estimator's crop; the raw ages reported are those of {@code model} (training starts from
     * {@link AgeModel#FACE_API}). One instance per thread.
     */
    public static TrainingCrops defaultCrop(AgeModel model) {
        // flip off: the network input left behind is the unmirrored crop; uncalibrated: the raw age is reported
        return new TrainingCrops((AgeGenderEstimator) AgeEstimator.custom().model(model).flip(false).uncalibrated().build());
    }

    /**
     * Writes the crop of {@code box} into {@code rgb} as {@code SIZE·SIZE·3} bytes, row-major RGB (the network's
     * float input rounded to the nearest level), and returns the network's raw age for it (unmirrored, uncalibrated).
     */
    public float crop(ImageFrame frame, FaceBox box, byte[] rgb) {
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != SIZE * SIZE * 3) {
            throw new IllegalArgumentException("rgb must hold " + SIZE * SIZE * 3 + " bytes, got " + rgb.length);
        }
        estimator.estimate(frame, box);
        FloatBuffer in = estimator.lastInput();
        for (int i = 0; i < rgb.length; i++) {
            int v = Math.round(in.get(i));
            rgb[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return estimator.lastRawAge();
    }

    @Override
    public void close() {
        estimator.close();
    }
}
