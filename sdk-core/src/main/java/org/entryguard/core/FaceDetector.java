package org.entryguard.core;

import java.util.List;

/**
 * Finds faces in a frame.
 *
 * <p>Implementations hold an ONNX Runtime session and reusable buffers. One instance must be used by one
 * thread at a time (one per camera thread); {@link #newInstance()} gives another thread its own instance over
 * the same loaded model. Create with {@link FaceDetectorBuilder} via {@link #custom()}.
 */
public interface FaceDetector extends AutoCloseable {

    /**
     * Detects faces.
     *
     * @return faces sorted by descending score, boxes in frame pixels; empty when there is none
     */
    List<Face> detect(ImageFrame frame);

    /**
     * Detects faces inside a region of the frame only, e.g. the door area of a wide camera view. The region, not
     * the whole frame, is scaled to the network input, so faces in it are seen larger at the same cost (a region at
     * least about 3 times as wide as its largest face: the bundled detector misses faces wider than about a third
     * of its input). Faces are found only where they lie mostly inside the region.
     *
     * @param region the region in frame pixels; it is clipped to the frame
     * @return faces sorted by descending score, boxes in <em>frame</em> pixels; empty when there is none
     * @throws IllegalArgumentException if the region does not overlap the frame
     */
    default List<Face> detect(ImageFrame frame, FaceBox region) {
        // generic fallback for custom detectors: copy the region out and shift the boxes back (the bundled
        // detectors override this and resize straight from the region, without the copy)
        int[] r = org.entryguard.core.internal.Regions.clip(frame, region);
        int x0 = r[0];
        int y0 = r[1];
        int w = r[2];
        int h = r[3];
        byte[] sub = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(frame.data(), (y0 + y) * frame.stride() + x0 * 3, sub, y * w * 3, w * 3);
        }
        List<Face> found = detect(ImageFrame.of(sub, w, h, w * 3, frame.format(), frame.timestampMillis(), frame.sourceId()));
        List<Face> out = new java.util.ArrayList<>(found.size());
        for (Face f : found) {
            FaceBox b = f.box();
            out.add(new Face(new FaceBox(b.x() + x0, b.y() + y0, b.width(), b.height()), f.score()));
        }
        return out;
    }

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
    static FaceDetectorBuilder custom() { return new FaceDetectorBuilder(); }
}
