package org.entryguard.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs detection and age estimation on one frame: the single-picture building block under the per-visit
 * {@code EntranceGuard}. {@code FrameAnalyzer.custom().build()} uses the bundled models.
 *
 * <p>Not thread-safe: use one per thread (per camera). Ownership as everywhere in the SDK: a detector or estimator
 * you pass in stays yours to close; the ones the builder loads itself are closed by {@link #close()}.
 */
public final class FrameAnalyzer implements AutoCloseable {
    private final FaceDetector detector;
    private final AgeEstimator estimator;
    private final float minFaceSize;
    private final boolean ownsDetector;
    private final boolean ownsEstimator;

    private FrameAnalyzer(FaceDetector detector, AgeEstimator estimator, float minFaceSize, boolean ownsDetector,
                          boolean ownsEstimator) {
        this.detector = detector;
        this.estimator = estimator;
        this.minFaceSize = minFaceSize;
        this.ownsDetector = ownsDetector;
        this.ownsEstimator = ownsEstimator;
    }

    /** A builder; every setting is optional. */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * Detects faces and estimates each one's age. Faces smaller than the minimum face size keep their
     * detection but are not aged ({@link FaceAnalysis#age()} is null), because the age model is unreliable on them.
     */
    public List<FaceAnalysis> analyze(ImageFrame frame) {
        List<Face> faces = detector.detect(frame);
        List<FaceAnalysis> out = new ArrayList<>(faces.size());
        for (Face f : faces) {
            boolean bigEnough = Math.min(f.box().width(), f.box().height()) >= minFaceSize;
            out.add(new FaceAnalysis(f, bigEnough ? estimator.estimate(frame, f.box()) : null));
        }
        return out;
    }

    /** The detector in use. */
    public FaceDetector detector() { return detector; }

    /** The age estimator in use. */
    public AgeEstimator estimator() { return estimator; }

    /** Closes the detector and estimator the builder loaded; ones passed in stay open. */
    @Override
    public void close() {
        if (ownsDetector) {
            detector.close();
        }
        if (ownsEstimator) {
            estimator.close();
        }
    }

    /** Builder for {@link FrameAnalyzer}. */
    public static final class Builder {
        private FaceDetector detector;
        private AgeEstimator estimator;
        private float minFaceSize = 0f;

        private Builder() {
        }

        /** The detector to use (still the caller's to close); default the bundled TinyFaceDetector, closed with the analyzer. */
        public Builder detector(FaceDetector detector) {
            this.detector = Objects.requireNonNull(detector, "detector");
            return this;
        }

        /** The age estimator to use (still the caller's to close); default the bundled AgeGenderNet, closed with the analyzer. */
        public Builder estimator(AgeEstimator estimator) {
            this.estimator = Objects.requireNonNull(estimator, "estimator");
            return this;
        }

        /** Faces with a smaller side (pixels) are reported but not aged; default 0 (age every face). */
        public Builder minFaceSize(float pixels) {
            this.minFaceSize = pixels;
            return this;
        }

        /** Loads what is not given. */
        public FrameAnalyzer build() {
            FaceDetector d = detector != null ? detector : FaceDetector.custom().build();
            AgeEstimator e;
            try {
                e = estimator != null ? estimator : AgeEstimator.custom().build();
            } catch (RuntimeException ex) {
                if (detector == null) {
                    d.close();
                }
                throw ex;
            }
            return new FrameAnalyzer(d, e, minFaceSize, detector == null, estimator == null);
        }
    }
}
