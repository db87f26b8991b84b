package org.entryguard.core;

/**
 * Estimates the age of a face given a frame and the face's box.
 *
 * <p>Implementations crop the face with the exact geometry the model was trained with, so the box should
 * come straight from a {@link FaceDetector}. One instance per thread; {@link #newInstance()} shares the model.
 */
public interface AgeEstimator extends AutoCloseable {

    /** Estimates the age of the face in {@code box}. */
    AgeEstimate estimate(ImageFrame frame, FaceBox box);

    /** An estimator for another thread sharing this one's loaded model; see {@link FaceDetector#newInstance()}. */
    AgeEstimator newInstance();

    /** Releases this instance's buffers (and the shared session when it is the last user). */
    @Override
    void close();

    /** A builder; with no settings it loads the bundled AgeGenderNet. */
    static AgeEstimatorBuilder builder() { return new AgeEstimatorBuilder(); }
}
