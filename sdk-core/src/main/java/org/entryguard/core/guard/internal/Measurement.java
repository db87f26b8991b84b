package org.entryguard.core.guard.internal;

/**
 * One face's quality measurements; a mutable holder reused frame after frame so scoring allocates nothing.
 * Angles are NaN when pose was not checked.
 */
public final class Measurement {
    /** Why a shot failed the gate; {@link #NONE} when it passed. */
    public enum Failure {
        /** Passed. */
        NONE,
        /** Detector score below the gate. */
        LOW_SCORE,
        /** Face smaller than the gate. */
        TOO_SMALL,
        /** Box too close to (or over) the frame edge. */
        AT_EDGE,
        /** Face too dark. */
        TOO_DARK,
        /** Face too bright. */
        TOO_BRIGHT,
        /** Too little contrast. */
        LOW_CONTRAST,
        /** Too blurred. */
        BLURRED,
        /** Head turned too far (yaw). */
        YAW,
        /** Head tilted up/down too far (pitch). */
        PITCH,
        /** Head rolled too far. */
        ROLL,
        /** Eyes covered (sunglasses, a hand): eye visibility below the gate. */
        OCCLUDED
    }

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
    public Failure failure = Failure.NONE;

    /** Whether the shot passed the gate. */
    public boolean passed() { return failure == Failure.NONE; }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "Measurement[%s score=%.2f det=%.2f size=%.0f edge=%.0f bright=%.0f contrast=%.1f sharp=%.0f pose=%s eyes=%s]",
                failure, score, detectorScore, faceSize, edgeMargin, brightness, contrast, sharpness,
                poseChecked ? String.format(java.util.Locale.ROOT, "y%.0f/p%.0f/r%.0f", yaw, pitch, roll) : "unchecked (no landmarks)",
                occlusionChecked ? String.format(java.util.Locale.ROOT, "%.2f", eyeVisibility) : "unchecked");
    }
}
