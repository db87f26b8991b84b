package org.entryguard.core;

import java.util.List;

/**
 * Finds faces in a frame.
 *
 * <p>Implementations hold an ONNX Runtime session and reusable buffers. One instance must be used by one
 * thread at a time (one per camera thread); the underlying model weights are shared between instances made
 * from the same {@link ModelRegistry}. Create with {@link FaceDetectorBuilder} via {@link #builder()}.
 */
public interface FaceDetector extends AutoCloseable {

    /**
     * Detects faces.
     *
     * @return faces sorted by descending score, boxes in frame pixels; empty when there is none
     */
    List<Face> detect(ImageFrame frame);

    /** Releases the session and native buffers. */
    @Override
    void close();

    /** A builder; with no settings it loads the bundled TinyFaceDetector. */
    static FaceDetectorBuilder builder() { return new FaceDetectorBuilder(); }
}
