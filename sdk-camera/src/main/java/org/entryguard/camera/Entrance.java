package org.entryguard.camera;

import org.entryguard.core.guard.Door;
import org.entryguard.core.guard.EntranceGuard;
import org.entryguard.core.guard.FaceQuality;
import org.entryguard.core.guard.FusionConfig;
import org.entryguard.core.guard.MotionGate;
import org.entryguard.core.guard.TrackerConfig;
import org.entryguard.core.ledger.EntryListener;
import org.entryguard.core.rules.VenueRules;

import java.util.Arrays;
import java.util.Objects;

/**
 * One checked entrance of a venue: a camera, where its door is, where to look for faces, and the rules at that door
 * (a hotel with e-sports rooms has two sets of rules under one roof). Immutable; {@link EntranceRunner} runs many.
 *
 * <pre>{@code
 * Entrance.custom(CameraConfig.custom("rtsp://10.0.0.21/101").id("door-1").targetFps(10).build(), rules)
 *         .door(Door.horizontalLine(0.5f, true)).detectionRegion(0.2f, 0f, 0.6f, 1f).build();
 * }</pre>
 */
public final class Entrance {
    private final CameraConfig camera;
    private final VenueRules rules;
    private final Door door;
    private final float[] detectionRegion;
    private final FaceQuality quality;
    private final FusionConfig fusion;
    private final TrackerConfig tracker;
    private final EntryListener listener;
    private final MotionGate motionGate;

    private Entrance(Builder b) {
        this.camera = b.camera;
        this.rules = b.rules;
        this.door = b.door;
        this.detectionRegion = b.detectionRegion;
        this.quality = b.quality;
        this.fusion = b.fusion;
        this.tracker = b.tracker;
        this.listener = b.listener;
        this.motionGate = b.motionGate;
    }

    /** A builder for a camera and the rules at its door; everything else has a working default. */
    public static Builder custom(CameraConfig camera, VenueRules rules) { return new Builder(camera, rules); }

    /** The camera; its id names the entrance. */
    public CameraConfig camera() { return camera; }

    /** The entrance's id (the camera's). */
    public String id() { return camera.id(); }

    /** The rules at this door. */
    public VenueRules rules() { return rules; }

    /** Where inside is. */
    public Door door() { return door; }

    /** The detection region as {x, y, width, height} fractions of the frame (a copy), or null for the whole frame. */
    public float[] detectionRegion() { return detectionRegion == null ? null : detectionRegion.clone(); }

    /** The shot quality gate. */
    public FaceQuality quality() { return quality; }

    /** Fusion and decision timing. */
    public FusionConfig fusion() { return fusion; }

    /** Tracking and revisits. */
    public TrackerConfig tracker() { return tracker; }

    /** This door's own listener (e.g. its relay), besides the venue-wide ones; {@link EntryListener#NONE} if none. */
    public EntryListener listener() { return listener; }

    /** When frames may be left unanalysed because nothing moved at the door ({@link MotionGate#off()} by default). */
    public MotionGate motionGate() { return motionGate; }

    /** Settings of an {@link Entrance}; each setter checks its value. */
    public static final class Builder {
        private final CameraConfig camera;
        private final VenueRules rules;
        private Door door = Door.anywhere();
        private float[] detectionRegion;
        private FaceQuality quality = FaceQuality.ofDefaults();
        private FusionConfig fusion = FusionConfig.ofDefaults();
        private TrackerConfig tracker = TrackerConfig.ofDefaults();
        private EntryListener listener = EntryListener.NONE;
        private MotionGate motionGate = MotionGate.off();

        private Builder(CameraConfig camera, VenueRules rules) {
            this.camera = Objects.requireNonNull(camera, "camera");
            this.rules = Objects.requireNonNull(rules, "rules");
        }

        /** Where inside is; default {@link Door#anywhere()}. */
        public Builder door(Door door) {
            this.door = Objects.requireNonNull(door, "door");
            return this;
        }

        /**
         * Looks for faces only in this part of the frame (fractions of its width and height); default the whole frame.
         *
         * @throws IllegalArgumentException if the region is empty or not inside [0, 1]
         */
        public Builder detectionRegion(float x, float y, float width, float height) {
            EntranceGuard.custom(rules).detectionRegion(x, y, width, height); // the guard's own check, same message
            this.detectionRegion = new float[] {x, y, width, height};
            return this;
        }

        /** The shot quality gate; default {@link FaceQuality#ofDefaults()}. */
        public Builder quality(FaceQuality quality) {
            this.quality = Objects.requireNonNull(quality, "quality");
            return this;
        }

        /** Fusion and decision timing; default {@link FusionConfig#ofDefaults()}. */
        public Builder fusion(FusionConfig fusion) {
            this.fusion = Objects.requireNonNull(fusion, "fusion");
            return this;
        }

        /** Tracking and revisits; default {@link TrackerConfig#ofDefaults()}. */
        public Builder tracker(TrackerConfig tracker) {
            this.tracker = Objects.requireNonNull(tracker, "tracker");
            return this;
        }

        /** This door's own listener (hears this door's decisions and their outcomes); default none. */
        public Builder listener(EntryListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Leaves frames unanalysed while the door region does not change and nobody is followed (the detector's
         * runs saved are counted by {@link EntranceRunner#detectorRunsAvoided(String)}); default {@link MotionGate#off()}.
         */
        public Builder motionGate(MotionGate gate) {
            this.motionGate = Objects.requireNonNull(gate, "gate");
            return this;
        }

        /** Builds the entrance. */
        public Entrance build() { return new Entrance(this); }
    }

    @Override
    public String toString() {
        return "Entrance[" + id() + ", " + rules.venueType() + ", door " + door.kind()
                + (detectionRegion == null ? "" : ", region " + Arrays.toString(detectionRegion)) + "]";
    }
}
