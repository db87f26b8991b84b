package org.entryguard.core.guard.internal;

import org.entryguard.core.guard.FaceQuality;

/**
 * One face's quality measurements; a mutable holder reused frame after frame so scoring allocates nothing.
 * Angles are NaN when pose was not checked.
 */
public final class Measurement {
    public float detectorScore;
    public float faceSize;
    public float edgeMargin;
    public float brightness;
    public float contrast;
    public float sharpness;
    public boolean poseChecked;
    public float yaw = Float.NaN;
    public float pitch = Float.NaN;
    public float roll = Float.NaN;
    /** Whether the occlusion check ran (it needs landmarks). */
    public boolean occlusionChecked;
    /** Eye visibility ({@link EyeVisibility}); NaN when not checked. */
    public float eyeVisibility = Float.NaN;
    /** Composite 0..1 used to rank shots of one track; 0 when the shot failed. */
    public float score;
    public FaceQuality.Failure failure = FaceQuality.Failure.NONE;

    /** Whether the shot passed the gate. */
    public boolean passed() { return failure == FaceQuality.Failure.NONE; }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "Measurement[%s score=%.2f det=%.2f size=%.0f edge=%.0f bright=%.0f contrast=%.1f sharp=%.0f pose=%s eyes=%s]",
                failure, score, detectorScore, faceSize, edgeMargin, brightness, contrast, sharpness,
                poseChecked ? String.format(java.util.Locale.ROOT, "y%.0f/p%.0f/r%.0f", yaw, pitch, roll) : "unchecked (no landmarks)",
                occlusionChecked ? String.format(java.util.Locale.ROOT, "%.2f", eyeVisibility) : "unchecked");
    }
}
