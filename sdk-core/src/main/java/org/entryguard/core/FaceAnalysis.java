package org.entryguard.core;

/**
 * A detected face together with its estimated age.
 *
 * @param face where the face is and how sure the detector is
 * @param age the age estimate for that face
 */
public record FaceAnalysis(Face face, AgeEstimate age) {
}
