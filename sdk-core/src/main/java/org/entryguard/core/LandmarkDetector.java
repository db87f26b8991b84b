package org.entryguard.core;

import org.entryguard.core.internal.FaceLandmark68TinyNet;
import org.entryguard.core.internal.OnnxModel;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Finds 68 facial landmarks (iBUG-68 order: jaw 0–16, brows 17–26, nose 27–35, eyes 36–47, mouth 48–67) in a
 * detected face, with the bundled face-api {@code FaceLandmark68TinyNet}. The points feed the pose check of the
 * quality gate ({@code FaceQuality}: yaw, pitch, roll) and the eye-line alignment of the age estimator.
 *
 * <p>Pre- and post-processing are face-api's ({@code detectLandmarks} + {@code extendWithFaceLandmarks}, quirks
 * included), so the points match face-api's for the same box. One instance per thread;
 * {@link #newInstance()} shares the loaded model.
 */
public interface LandmarkDetector extends AutoCloseable {
    /** Number of points. */
    int POINTS = 68;

    /**
     * Landmarks of the face in {@code box}.
     *
     * @return {@code 2·68} floats {@code x0, y0, x1, y1, ...} in frame pixels (a new array)
     */
    float[] detect(ImageFrame frame, FaceBox box);

    /**
     * As {@link #detect}, into the caller's array of {@code 2·68} floats, so that a camera loop allocates nothing
     * per face (the bundled detector writes straight into it).
     *
     * @return {@code out}
     */
    default float[] detectInto(ImageFrame frame, FaceBox box, float[] out) {
        float[] p = detect(frame, box);
        System.arraycopy(p, 0, out, 0, Math.min(p.length, out.length));
        return out;
    }

    /** The same face with its landmarks filled in. */
    default Face withLandmarks(ImageFrame frame, Face face) {
        return new Face(face.box(), face.score(), detect(frame, face.box()));
    }

    /** A detector for another thread sharing this one's loaded model. */
    LandmarkDetector newInstance();

    /** Releases this instance's buffers (and the shared session when it is the last user). */
    @Override
    void close();

    /** Loads the bundled 68-point tiny landmark model (one intra-op thread). */
    static LandmarkDetector ofDefaults() {
        OnnxModel m = OnnxModel.loadResource(FaceLandmark68TinyNet.RESOURCE, FaceLandmark68TinyNet.CONTRACT, 1);
        try {
            return new FaceLandmark68TinyNet(m);
        } finally {
            m.release();
        }
    }

    /** Loads a 68-point landmark model from an ONNX file with the same contract as the bundled one. */
    static LandmarkDetector fromFile(Path file) {
        OnnxModel m = OnnxModel.loadFile(Objects.requireNonNull(file, "file"), FaceLandmark68TinyNet.CONTRACT, 1);
        try {
            return new FaceLandmark68TinyNet(m);
        } finally {
            m.release();
        }
    }

    /** Mean position of points {@code from} (inclusive) to {@code to} (exclusive), as {x, y}. */
    static float[] mean(float[] landmarks, int from, int to) {
        float sx = 0f;
        float sy = 0f;
        for (int i = from; i < to; i++) {
            sx += landmarks[2 * i];
            sy += landmarks[2 * i + 1];
        }
        return new float[] {sx / (to - from), sy / (to - from)};
    }
}
