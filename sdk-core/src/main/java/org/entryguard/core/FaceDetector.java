package org.entryguard.core;

import java.util.List;

/**
 * Finds faces in a frame.
 *
 * <p>Implementations hold an ONNX Runtime session and reusable buffers. One instance must be used by one
 * thread at a time (one per camera thread); {@link #newInstance()} gives another thread its own instance over
 * the same loaded model. Create with {@link FaceDetectorBuilder} via {@link #builder()}.
 */
public interface FaceDetector extends AutoCloseable {

    /**
     * Detects faces.
     *
     * @return faces sorted by descending score, boxes in frame pixels; empty when there is none
     */
    List<Face> detect(ImageFrame frame);

    /**
     * A detector for another thread that shares this one's loaded model (weights and ONNX Runtime session,
     * whose {@code run} is thread-safe) but has its own buffers: N cameras cost one model in memory.
     * Each instance must be closed; the session closes with the last one.
     */
    FaceDetector newInstance();

    /** Releases this instance's buffers (and the shared session when it is the last user). */
    @Override
    void close();

    /** A builder; with no settings it loads the bundled TinyFaceDetector. */
    static FaceDetectorBuilder builder() { return new FaceDetectorBuilder(); }
}
