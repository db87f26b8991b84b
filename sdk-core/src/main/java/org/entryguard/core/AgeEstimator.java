package org.entryguard.core;

/**
 * Estimates the age of a face given a frame and the face's box.
 *
 * <p>Implementations crop the face with the exact geometry the model was trained with, so the box should
 * come straight from a {@link FaceDetector}. One instance per thread; see {@link FaceDetector} for sharing.
 */
public interface AgeEstimator extends AutoCloseable {

    /** Estimates the age of the face in {@code box}. */
    AgeEstimate estimate(ImageFrame frame, FaceBox box);

    /** Releases the session and native buffers. */
    @Override
    void close();

    /** A builder; with no settings it loads the bundled AgeGenderNet. */
    static AgeEstimatorBuilder builder() { return new AgeEstimatorBuilder(); }
}
