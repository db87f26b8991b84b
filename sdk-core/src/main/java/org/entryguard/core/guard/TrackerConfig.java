package org.entryguard.core.guard;

import java.time.Duration;

/**
 * How faces are followed across frames and when a returning person is the same visit. Immutable; build with
 * {@link #custom()}.
 *
 * <p>Tracks are matched greedily by IoU between each detection and the track's box predicted with its
 * constant velocity. A track survives {@link #maxMissedFrames()} frames without a match (a missed detection,
 * a short occlusion) as long as the gap is within {@link #maxGap()}; after that it is lost.
 *
 * <p>Revisits: a person last seen outside (who went back out through the door, or never came in) is kept for
 * {@link #revisitWindow()}; a new track whose face colour signature is at least {@link #revisitSimilarity()}
 * similar rejoins that visit, so stepping out and back in is not judged twice. Without a face-recognition
 * model this is a weak cue, so two safeguards apply: a person lost <em>inside</em> is never rejoined (a group
 * of look-alikes walking in one after another each get their own decision), and a rejoined person is
 * re-checked: if their new shots lead to a different decision than the visit had, a new visit is opened and
 * decided. With {@link Door#anywhere()} there are no sides and the colour cue alone decides: configure a door
 * line, region or approach, or set a short window.
 */
public final class TrackerConfig {
    private final float minIou;
    private final int maxMissedFrames;
    private final Duration maxGap;
    private final int minHits;
    private final float confirmScore;
    private final Duration revisitWindow;
    private final float revisitSimilarity;
    private final int maxTracks;

    private TrackerConfig(Builder b) {
        this.minIou = b.minIou;
        this.maxMissedFrames = b.maxMissedFrames;
        this.maxGap = b.maxGap;
        this.minHits = b.minHits;
        this.confirmScore = b.confirmScore;
        this.revisitWindow = b.revisitWindow;
        this.revisitSimilarity = b.revisitSimilarity;
        this.maxTracks = b.maxTracks;
    }

    /** The defaults. */
    public static TrackerConfig ofDefaults() { return custom().build(); }

    /** A builder starting from the defaults; each setter checks its value (IllegalArgumentException). */
    public static Builder custom() { return new Builder(); }

    /** A builder starting from {@code c}'s settings (to change a few). */
    public static Builder from(TrackerConfig c) {
        Builder b = new Builder();
        b.minIou = c.minIou;
        b.maxMissedFrames = c.maxMissedFrames;
        b.maxGap = c.maxGap;
        b.minHits = c.minHits;
        b.confirmScore = c.confirmScore;
        b.revisitWindow = c.revisitWindow;
        b.revisitSimilarity = c.revisitSimilarity;
        b.maxTracks = c.maxTracks;
        return b;
    }

    /** Least IoU between a predicted track box and a detection to match them (default 0.3). */
    public float minIou() { return minIou; }

    /** Frames in a row a track may go unmatched before it is lost (default 5). */
    public int maxMissedFrames() { return maxMissedFrames; }

    /** Longest time a track may go unmatched before it is lost (default 1 s). */
    public Duration maxGap() { return maxGap; }

    /** Confident detections before a track is confirmed and may enter (default 2); see {@link #confirmScore()}. */
    public int minHits() { return minHits; }

    /**
     * Detector score a detection needs to count towards confirming a track (default 0.6): a track is a person after
     * {@link #minHits()} detections scoring at least this, or twice as many of any score. The bundled detector's
     * false faces (a shirt or a hand under the face, 0.50–0.66) come one or two frames at a time, while a real face
     * at the door keeps scoring (0.56–0.97 on the sample clip): two-frame chains of those false faces, one of them
     * confident, were judged as people (CHECK_ID, "only 2 of 3 good shots") in the gateway's capacity runs. As
     * ByteTrack's split into high- and low-score detections, but low scores delay a track instead of never starting
     * it, so a face the detector barely sees is still decided.
     */
    public float confirmScore() { return confirmScore; }

    /** How long after a track is lost a returning person rejoins its visit (default 10 s; zero disables). */
    public Duration revisitWindow() { return revisitWindow; }

    /**
     * Least colour-signature similarity (histogram intersection, 0..1) to rejoin a visit (default 0.88). On
     * UTKFace crops two different people reach 0.83 at the 99th percentile (max 0.92), the same face with a
     * shifted box 0.92 at the 1st percentile.
     */
    public float revisitSimilarity() { return revisitSimilarity; }

    /** Most simultaneous tracks; further faces are ignored until a slot frees (default 32). */
    public int maxTracks() { return maxTracks; }

    /** Builds a {@link TrackerConfig}. */
    public static final class Builder {
        private float minIou = 0.3f;
        private int maxMissedFrames = 5;
        private Duration maxGap = Duration.ofSeconds(1);
        private int minHits = 2;
        private float confirmScore = 0.6f;
        private Duration revisitWindow = Duration.ofSeconds(10);
        private float revisitSimilarity = 0.88f;
        private int maxTracks = 32;

        private Builder() {
        }

        /** Default 0.3. */
        public Builder minIou(float iou) {
            if (!(iou > 0f && iou < 1f)) {
                throw new IllegalArgumentException("minIou must be within (0, 1), got " + iou);
            }
            this.minIou = iou;
            return this;
        }

        /** Default 5. */
        public Builder maxMissedFrames(int n) {
            if (n < 0 || n > 1000) {
                throw new IllegalArgumentException("maxMissedFrames must be within 0..1000, got " + n);
            }
            this.maxMissedFrames = n;
            return this;
        }

        /** Default 1 s. */
        public Builder maxGap(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("maxGap must be positive, got " + d);
            }
            this.maxGap = d;
            return this;
        }

        /** Default 2. */
        public Builder minHits(int n) {
            if (n < 1 || n > 100) {
                throw new IllegalArgumentException("minHits must be within 1..100, got " + n);
            }
            this.minHits = n;
            return this;
        }

        /** Default 0.6; 0 confirms every track after {@link #minHits(int)} frames whatever its score. */
        public Builder confirmScore(float score) {
            if (!(score >= 0f && score <= 1f)) {
                throw new IllegalArgumentException("confirmScore must be within 0..1 (a detector score), got " + score);
            }
            this.confirmScore = score;
            return this;
        }

        /** Default 10 s; {@link Duration#ZERO} turns rejoining off. */
        public Builder revisitWindow(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("revisitWindow must be ≥ 0, got " + d);
            }
            this.revisitWindow = d;
            return this;
        }

        /** Default 0.88. */
        public Builder revisitSimilarity(float s) {
            if (!(s > 0f && s <= 1f)) {
                throw new IllegalArgumentException("revisitSimilarity must be within (0, 1], got " + s);
            }
            this.revisitSimilarity = s;
            return this;
        }

        /** Default 32. */
        public Builder maxTracks(int n) {
            if (n < 1 || n > 1024) {
                throw new IllegalArgumentException("maxTracks must be within 1..1024, got " + n);
            }
            this.maxTracks = n;
            return this;
        }

        /** Builds. */
        public TrackerConfig build() { return new TrackerConfig(this); }
    }
}
