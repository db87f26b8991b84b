package org.entryguard.core;

/**
 * Estimates the age of a face given a frame and the face's box.
 *
 * <p>Implementations crop the face with the exact geometry the model was trained with, so the box should
 * come straight from a {@link FaceDetector}. One instance per thread; {@link #newInstance()} shares the model.
 */
public interface AgeEstimator extends AutoCloseable {

    /**
     * Estimates the age of the face in {@code box}. An estimator that crops by landmarks (the default one does)
     * finds them itself; see {@link #estimate(ImageFrame, FaceBox, float[])} to pass the ones you have.
     */
    AgeEstimate estimate(ImageFrame frame, FaceBox box);

    /**
     * Estimates the age of the face in {@code box} using landmarks already found for that box (68 points
     * {@code x0, y0, ..., x67, y67} in frame pixels from a {@link LandmarkDetector} on the same box, or null). This
     * is the pipeline's order: detect → landmarks → quality gate → age, each step once; the default estimator crops
     * by these landmarks instead of running its landmark net again. Estimators that do not use landmarks ignore
     * them (the default implementation). The array is only read during the call.
     */
    default AgeEstimate estimate(ImageFrame frame, FaceBox box, float[] landmarks) {
        return estimate(frame, box);
    }

    /** An estimator for another thread sharing this one's loaded model; see {@link FaceDetector#newInstance()}. */
    AgeEstimator newInstance();

    /** Releases this instance's buffers (and the shared session when it is the last user). */
    @Override
    void close();

    /** A builder; with no settings it loads the bundled AgeGenderNet. */
    static AgeEstimatorBuilder custom() { return new AgeEstimatorBuilder(); }
}
