package org.entryguard.core;

import java.util.Objects;

/**
 * The loaded models, DJL style: loaded once and closed once ({@link #close()}), with a cheap predictor per thread
 * from each ({@link #newDetector()}, {@link #newLandmarks()}, {@link #newEstimator()}): a predictor shares its
 * model's weights and ONNX Runtime session and owns only its buffers. N cameras cost one set of models in memory.
 *
 * <pre>{@code
 * try (Models models = Models.ofDefaults()) {                 // the bundled detector, landmark and age models
 *     try (FaceDetector detector = models.newDetector();        // one per camera thread
 *          AgeEstimator estimator = models.newEstimator()) { ... }
 * }
 * }</pre>
 *
 * Close every predictor before the models (a predictor that outlives them keeps the session open until it closes).
 */
public final class Models implements AutoCloseable {
    private final FaceDetector detector;
    private final LandmarkDetector landmarks;
    private final AgeEstimator estimator;

    private Models(FaceDetector detector, LandmarkDetector landmarks, AgeEstimator estimator) {
        this.detector = detector;
        this.landmarks = landmarks;
        this.estimator = estimator;
    }

    /** The bundled models: TinyFaceDetector, the 68-point landmark net and the door-tuned age model. */
    public static Models ofDefaults() { return custom().build(); }

    /** A builder starting from the bundled models. */
    public static Builder custom() { return new Builder(); }

    /** A new face detector over the loaded detector model, for one thread; close it when that thread is done. */
    public FaceDetector newDetector() { return detector.newInstance(); }

    /** A new landmark detector over the loaded landmark model, for one thread. */
    public LandmarkDetector newLandmarks() { return landmarks.newInstance(); }

    /** A new age estimator over the loaded age model, for one thread. */
    public AgeEstimator newEstimator() { return estimator.newInstance(); }

    /** Releases the models (their sessions go once the last predictor made from them is closed too). */
    @Override
    public void close() {
        detector.close();
        landmarks.close();
        estimator.close();
    }

    /** Which models to load. */
    public static final class Builder {
        private FaceDetectorBuilder detector = FaceDetector.custom();
        private AgeEstimatorBuilder estimator = AgeEstimator.custom();
        private java.nio.file.Path landmarkFile;

        private Builder() {
        }

        /** The detector's settings (model, input size, threads); default the bundled TinyFaceDetector. */
        public Builder detector(FaceDetectorBuilder detector) {
            this.detector = Objects.requireNonNull(detector, "detector");
            return this;
        }

        /** The age estimator's settings (model, calibration, threads); default the door-tuned model. */
        public Builder estimator(AgeEstimatorBuilder estimator) {
            this.estimator = Objects.requireNonNull(estimator, "estimator");
            return this;
        }

        /** A 68-point landmark model file with the bundled one's contract; default the bundled one. */
        public Builder landmarkModelFile(java.nio.file.Path file) {
            this.landmarkFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Loads the models; a missing or wrong model fails here, naming the file and the contract. */
        public Models build() {
            FaceDetector d = detector.build();
            LandmarkDetector l = null;
            try {
                l = landmarkFile != null ? LandmarkDetector.fromFile(landmarkFile) : LandmarkDetector.ofDefaults();
                return new Models(d, l, estimator.build());
            } catch (RuntimeException e) {
                d.close();
                if (l != null) {
                    l.close();
                }
                throw e;
            }
        }
    }
}
