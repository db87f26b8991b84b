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

    /**
     * The 68 facial landmarks ({@code x0, y0, ..., x67, y67}, frame pixels) the last {@link #estimate} call found
     * on the way, for estimators that find them (the default one does, for its landmark crop); null otherwise.
     * The quality gate's occlusion check reuses them instead of running the landmark net again. The array is
     * the estimator's and may be replaced by the next call: copy it to keep it.
     */
    default float[] lastLandmarks() { return null; }

    /** An estimator for another thread sharing this one's loaded model; see {@link FaceDetector#newInstance()}. */
    AgeEstimator newInstance();

    /** Releases this instance's buffers (and the shared session when it is the last user). */
    @Override
    void close();

    /** A builder; with no settings it loads the bundled AgeGenderNet. */
    static AgeEstimatorBuilder builder() { return new AgeEstimatorBuilder(); }
}
