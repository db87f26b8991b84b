package org.entryguard.core;

/**
 * One face found in a frame.
 *
 * @param box where the face is, in frame pixels
 * @param score detector confidence in [0, 1]
 * @param landmarks optional facial landmarks as {@code x0, y0, x1, y1, ...} in frame pixels; empty when the
 *                  detector does not produce them
 */
public record Face(FaceBox box, float score, float[] landmarks) {

    /** A face without landmarks. */
    public Face(FaceBox box, float score) {
        this(box, score, new float[0]);
    }

    /** Whether landmarks are present. */
    public boolean hasLandmarks() { return landmarks != null && landmarks.length > 0; }
}
