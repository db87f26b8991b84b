package org.entryguard.core.guard;

/**
 * The quality gate for face shots: only shots that pass are given to the age estimator. Immutable; build
 * with {@link #custom()}. Defaults follow Baidu's published face-quality gate where it has one (face ≥ 80 px,
 * |yaw|, |pitch|, |roll| &lt; 20°, illumination &gt; 40) and are documented on each setter.
 *
 * <p>Measurements are taken on the face box resampled to a fixed {@value #SAMPLE_SIZE}×{@value #SAMPLE_SIZE}
 * grey patch (area average), so sharpness is comparable across face sizes and costs the same for every face.
 * Pose needs landmarks: with a detector that gives none (the bundled TinyFaceDetector) the pose check is
 * skipped and the measurement says so ({@code poseChecked = false}). The occlusion check (eyes visible) needs
 * landmarks too; {@link EntranceGuard} gets them from the age estimator when the detector has none.
 */
public final class FaceQuality {
    /** Side of the grey patch measurements are taken on. */
    public static final int SAMPLE_SIZE = 64;
    /** The default {@link Builder#minEyeVisibility}, chosen on the fit half of faces-public. */
    public static final float DEFAULT_MIN_EYE_VISIBILITY = 0.39f;

    private final float minFaceSize;
    private final float minSharpness;
    private final float minBrightness;
    private final float maxBrightness;
    private final float minContrast;
    private final float minEdgeMargin;
    private final float maxYaw;
    private final float maxPitch;
    private final float maxRoll;
    private final float minDetectorScore;
    private final boolean occlusionCheck;
    private final float minEyeVisibility;

    private FaceQuality(Builder b) {
        this.minFaceSize = b.minFaceSize;
        this.minSharpness = b.minSharpness;
        this.minBrightness = b.minBrightness;
        this.maxBrightness = b.maxBrightness;
        this.minContrast = b.minContrast;
        this.minEdgeMargin = b.minEdgeMargin;
        this.maxYaw = b.maxYaw;
        this.maxPitch = b.maxPitch;
        this.maxRoll = b.maxRoll;
        this.minDetectorScore = b.minDetectorScore;
        this.occlusionCheck = b.occlusionCheck;
        this.minEyeVisibility = b.minEyeVisibility;
    }

    /** The defaults. */
    public static FaceQuality ofDefaults() { return custom().build(); }

    /** A builder starting from the defaults; each setter checks its value (IllegalArgumentException). */
    public static Builder custom() { return new Builder(); }

    /** A builder starting from {@code c}'s settings (to change a few). */
    public static Builder from(FaceQuality c) {
        Builder b = new Builder();
        b.minFaceSize = c.minFaceSize;
        b.minSharpness = c.minSharpness;
        b.minBrightness = c.minBrightness;
        b.maxBrightness = c.maxBrightness;
        b.minContrast = c.minContrast;
        b.minEdgeMargin = c.minEdgeMargin;
        b.maxYaw = c.maxYaw;
        b.maxPitch = c.maxPitch;
        b.maxRoll = c.maxRoll;
        b.minDetectorScore = c.minDetectorScore;
        b.occlusionCheck = c.occlusionCheck;
        b.minEyeVisibility = c.minEyeVisibility;
        return b;
    }

    /** Smallest accepted face side (the shorter of box width and height), pixels. */
    public float minFaceSize() { return minFaceSize; }

    /** Smallest accepted variance of the Laplacian on the grey patch. */
    public float minSharpness() { return minSharpness; }

    /** Smallest accepted mean grey level (0–255) of the face. */
    public float minBrightness() { return minBrightness; }

    /** Largest accepted mean grey level (0–255) of the face. */
    public float maxBrightness() { return maxBrightness; }

    /** Smallest accepted standard deviation of the face's grey levels. */
    public float minContrast() { return minContrast; }

    /** Smallest accepted distance of the face box from any frame edge, pixels. */
    public float minEdgeMargin() { return minEdgeMargin; }

    /** Largest accepted |yaw| in degrees (checked only with landmarks). */
    public float maxYaw() { return maxYaw; }

    /** Largest accepted |pitch| in degrees (checked only with landmarks). */
    public float maxPitch() { return maxPitch; }

    /** Largest accepted |roll| in degrees (checked only with landmarks). */
    public float maxRoll() { return maxRoll; }

    /** Smallest accepted detector score. */
    public float minDetectorScore() { return minDetectorScore; }

    /** Whether shots with covered eyes (sunglasses, a hand) are refused; see {@link Builder#occlusionCheck}. */
    public boolean occlusionCheck() { return occlusionCheck; }

    /** Smallest accepted eye visibility; see {@link Builder#minEyeVisibility}. */
    public float minEyeVisibility() { return minEyeVisibility; }

    /** Builds a {@link FaceQuality}. */
    public static final class Builder {
        private float minFaceSize = 80f;
        private float minSharpness = 50f;
        private float minBrightness = 40f;
        private float maxBrightness = 220f;
        private float minContrast = 12f;
        private float minEdgeMargin = 2f;
        private float maxYaw = 20f;
        private float maxPitch = 20f;
        private float maxRoll = 20f;
        private float minDetectorScore = 0.5f;
        private boolean occlusionCheck = true;
        private float minEyeVisibility = DEFAULT_MIN_EYE_VISIBILITY;

        private Builder() {
        }

        /** Default 80 px (Baidu's gate). */
        public Builder minFaceSize(float px) {
            this.minFaceSize = nonNegative(px, "minFaceSize");
            return this;
        }

        /**
         * Default 50: variance of the 4-neighbour Laplacian on the 64×64 grey patch. Measured on 100 UTKFace
         * crops (≈150 px face boxes on a 3× grey canvas): sharp ones score median 379 (5th percentile 72);
         * after a Gaussian blur of σ = 2 px median 92, σ = 3 px median 38. So 50 drops under 5 % of sharp
         * shots and most heavily blurred ones.
         */
        public Builder minSharpness(float v) {
            this.minSharpness = nonNegative(v, "minSharpness");
            return this;
        }

        /** Default 40 (Baidu's illumination gate). */
        public Builder minBrightness(float v) {
            this.minBrightness = nonNegative(v, "minBrightness");
            return this;
        }

        /** Default 220: brighter faces are washed out. */
        public Builder maxBrightness(float v) {
            this.maxBrightness = nonNegative(v, "maxBrightness");
            return this;
        }

        /** Default 12 grey levels of standard deviation: flatter faces are fog, glare or a blank patch. */
        public Builder minContrast(float v) {
            this.minContrast = nonNegative(v, "minContrast");
            return this;
        }

        /** Default 2 px: a box touching the frame edge is a cut face. */
        public Builder minEdgeMargin(float px) {
            this.minEdgeMargin = nonNegative(px, "minEdgeMargin");
            return this;
        }

        /** Default 20° (Baidu's gate). */
        public Builder maxYaw(float deg) {
            this.maxYaw = nonNegative(deg, "maxYaw");
            return this;
        }

        /** Default 20° (Baidu's gate). */
        public Builder maxPitch(float deg) {
            this.maxPitch = nonNegative(deg, "maxPitch");
            return this;
        }

        /** Default 20° (Baidu's gate). */
        public Builder maxRoll(float deg) {
            this.maxRoll = nonNegative(deg, "maxRoll");
            return this;
        }

        /** Default 0.5 (the detector's own default cut). */
        public Builder minDetectorScore(float s) {
            if (!(s >= 0f && s <= 1f)) {
                throw new IllegalArgumentException("minDetectorScore must be within [0, 1], got " + s);
            }
            this.minDetectorScore = s;
            return this;
        }

        /**
         * Default on: refuse shots whose eyes cannot be seen (sunglasses, a hand, a cap pulled down), as the
         * occlusion checks of SeetaFace6's quality module and ArcSoft's SDK do. An age estimate through dark
         * lenses is unreliable, and hiding the eyes is the easiest way for a minor to look older; such a shot is
         * never used for an age decision, and a visit with only such shots ends as CHECK_ID ("remove sunglasses
         * or face covering, or check ID"). Needs landmarks: from the detector, or else
         * {@link EntranceGuard} runs its landmark net on the shot before the gate, so a refused shot costs no age run.
         */
        public Builder occlusionCheck(boolean on) {
            this.occlusionCheck = on;
            return this;
        }

        /**
         * Default {@value FaceQuality#DEFAULT_MIN_EYE_VISIBILITY}: the eye visibility is, per eye, the 80th
         * percentile of the luma over the eye (0.5 × 0.25 inter-ocular distances) divided by the mean luma of the
         * cheek below it, averaged over both eyes. The default is the largest threshold (in steps of 0.01) that
         * refuses at most 1 % of the faces on the fit half of faces-public, where nobody wears sunglasses
         * (0.8 % refused; open eyes score median 0.76); it refuses all of those faces with painted dark lenses
         * (15 % transmission, at most 0.30) and 98.5 % with 30 % lenses, but only 42 % with light 45 % tints
         * Within [0, 2]; 0 accepts everything.
         */
        public Builder minEyeVisibility(float v) {
            if (!(v >= 0f && v <= 2f)) {
                throw new IllegalArgumentException("minEyeVisibility must be within [0, 2], got " + v);
            }
            this.minEyeVisibility = v;
            return this;
        }

        /** Builds. */
        public FaceQuality build() {
            if (maxBrightness <= minBrightness) {
                throw new IllegalArgumentException("maxBrightness " + maxBrightness + " must exceed minBrightness " + minBrightness);
            }
            return new FaceQuality(this);
        }

        private static float nonNegative(float v, String name) {
            if (!(v >= 0f) || Float.isInfinite(v)) {
                throw new IllegalArgumentException(name + " must be a non-negative number, got " + v);
            }
            return v;
        }
    }
}
