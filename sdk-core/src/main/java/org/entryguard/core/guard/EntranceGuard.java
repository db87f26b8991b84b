package org.entryguard.core.guard;

import org.entryguard.core.AgeEstimator;
import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.LandmarkDetector;
import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.ledger.EntryListener;
import org.entryguard.core.ledger.VisitLedger;
import org.entryguard.core.rules.VenueRules;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entrance age check for one camera: frames in, one {@link EntryDecision} per person-visit out.
 *
 * <pre>{@code
 * try (EntranceGuard guard = EntranceGuard.custom(VenueRules.ofDefaults(VenueType.KTV))
 *         .door(Door.horizontalLine(0.5f, true))
 *         .listener(decision -> relay.handle(decision))
 *         .build()) {
 *     while (running) guard.process(camera.nextFrame());
 * }
 * }</pre>
 *
 * <p>An orchestrator of small parts. Per frame: detect faces (in the {@code detectionRegion}), follow them
 * ({@link TrackerConfig}), rejoin a person who steps back in within the revisit window, note who crosses the
 * {@link Door} inward, and for each entering face take a shot in the pipeline's order — quality gate
 * ({@link FaceQuality}) → landmarks → eyes visible → age — only when it would improve the track's best
 * {@link FusionConfig#bestK()}. Once enough evidence is in (or a deadline passes) the shots are fused and the
 * {@link VenueRules} decide; a visit whose shots mostly had covered eyes ends as CHECK_ID ("ask to remove them, or
 * check ID"). The decision is recorded in the {@link VisitLedger}, which tells the {@link EntryListener}s and keeps
 * every staff deadline. Decisions depend only on the frames, their timestamps and the configuration.
 *
 * <p><b>Threads, models, ownership.</b> An instance is used by one camera thread ({@code process} is not
 * thread-safe). Give each guard its own {@link FaceDetector}, {@link LandmarkDetector} and {@link AgeEstimator}
 * instance, made with {@code newInstance()} from one loaded model (N cameras cost one model in memory). As
 * everywhere in the SDK, what you pass in stays yours to close; what the builder loads or creates itself (the
 * bundled models, a private ledger when none is given) is closed by {@link #close()}.
 *
 * <p><b>Time.</b> Tracking, deadlines and dates use the frame's capture time; a frame without one
 * (timestamp ≤ 0) gets the clock's time. Outside the venue's opening hours frames are skipped (no detection) and
 * tracks are dropped without decisions.
 */
public final class EntranceGuard implements AutoCloseable {
    private final VenueRules rules;
    private final FaceDetector detector;
    private final List<AutoCloseable> owned;
    private final Clock clock;
    private final VisitLedger ledger;
    private final FaceTracker tracker;
    private final DoorCrossing door;
    private final Revisits revisits;
    private final ShotTaker shots;
    private final VisitDecider decider;
    private final FaceTracker.LostHandler onLost = this::lost;
    private final float[] detectionRegion;
    private final MotionCheck motion;
    private FaceBox regionPixels;
    private int regionForWidth;
    private int regionForHeight;

    private ImageFrame frame;
    private boolean closedHours;
    private long openMinute = Long.MIN_VALUE;
    private boolean openNow;

    private EntranceGuard(Builder b) {
        List<AutoCloseable> mine = new ArrayList<>(4);
        try {
            this.detector = b.detector != null ? b.detector : own(mine, FaceDetector.custom().build());
            AgeEstimator estimator = b.estimator != null ? b.estimator : own(mine, AgeEstimator.custom().build());
            LandmarkDetector landmarks = b.landmarks != null ? b.landmarks : own(mine, LandmarkDetector.ofDefaults());
            this.ledger = b.ledger != null ? b.ledger : own(mine, VisitLedger.custom().clock(b.clock).build());
            this.shots = new ShotTaker(b.quality, landmarks, estimator, b.fusion.bestK());
        } catch (RuntimeException e) {
            closeAll(mine);
            throw e;
        }
        this.owned = mine;
        this.rules = b.rules;
        this.clock = b.clock;
        this.tracker = new FaceTracker(b.tracker, b.fusion.bestK());
        this.door = new DoorCrossing(b.door, b.tracker);
        this.revisits = new Revisits(b.tracker);
        this.decider = new VisitDecider(b.rules, b.fusion, ledger, b.listener, b.cameraId);
        this.detectionRegion = b.detectionRegion;
        this.motion = b.motionGate.enabled() ? new MotionCheck(b.motionGate, b.detectionRegion) : null;
    }

    private static <T extends AutoCloseable> T own(List<AutoCloseable> owned, T t) {
        owned.add(t);
        return t;
    }

    /** The detection region in this frame's pixels, recomputed only when the frame size changes. */
    private FaceBox region(ImageFrame f) {
        if (regionPixels == null || f.width() != regionForWidth || f.height() != regionForHeight) {
            regionForWidth = f.width();
            regionForHeight = f.height();
            regionPixels = new FaceBox(detectionRegion[0] * f.width(), detectionRegion[1] * f.height(),
                    detectionRegion[2] * f.width(), detectionRegion[3] * f.height());
        }
        return regionPixels;
    }

    /** A builder for a venue's rules; everything else has a working default. */
    public static Builder custom(VenueRules rules) { return new Builder(rules); }

    /**
     * Processes one frame.
     *
     * @return the decisions made on this frame (usually none: an immutable empty list)
     */
    public List<EntryDecision> process(ImageFrame frame) {
        Objects.requireNonNull(frame, "frame");
        long t = frame.timestampMillis() > 0 ? frame.timestampMillis() : clock.millis();
        if (!rules.alwaysOpen() && !openAt(t)) {
            if (!closedHours) {
                tracker.clear();
                revisits.clear();
                closedHours = true;
            }
            return List.of();
        }
        closedHours = false;
        if (motion != null && !motion.analyse(frame, t, tracker.anyActive())) {
            return List.of(); // nothing moved at the door and nobody is followed: the detector is not run
        }
        this.frame = frame;
        decider.beginFrame();
        try {
            List<Face> faces = detectionRegion == null ? detector.detect(frame) : detector.detect(frame, region(frame));
            tracker.update(faces, t, onLost);
            for (Track tr : tracker.tracks()) {
                if (!tr.active) {
                    continue;
                }
                if (tr.face != null) {
                    if (tr.visit == null) {
                        tr.visit = new Visit(t); // a new track is a new visit until it proves otherwise
                    }
                    revisits.tryRejoin(frame, tr, t);
                    door.update(tr, t, frame.width(), frame.height());
                    boolean wanted = tr.rechecking ? !tr.recheckDone : !tr.visit.decided();
                    if (wanted && !door.outbound(tr)) {
                        shots.take(frame, tr);
                    }
                }
                decider.maybeDecide(tr, t, false, frame.sourceId());
            }
        } finally {
            this.frame = null;
        }
        return decider.decidedThisFrame();
    }

    /** Opening hours checked once per minute of frame time, not per frame (saves the date arithmetic). */
    private boolean openAt(long t) {
        long minute = Math.floorDiv(t, 60_000L);
        if (minute != openMinute) {
            openMinute = minute;
            openNow = rules.isOpen(Instant.ofEpochMilli(minute * 60_000L));
        }
        return openNow;
    }

    /** The rules applied. */
    public VenueRules rules() { return rules; }

    /** The ledger decisions are recorded in (where staff resolve them). */
    public VisitLedger ledger() { return ledger; }

    /** How many times the age model has run (it runs only on good shots with visible eyes that make a track's best K). */
    public long ageEstimates() { return shots.ageEstimates(); }

    /** How many frames the {@link MotionGate} left unanalysed (the detector runs it saved); 0 with the gate off. Any thread. */
    public long detectorRunsAvoided() { return motion == null ? 0 : motion.avoided(); }

    /** Closes what the builder loaded or created itself; what was passed in stays open. */
    @Override
    public void close() {
        closeAll(owned);
    }

    private static void closeAll(List<AutoCloseable> owned) {
        RuntimeException first = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        owned.clear();
        if (first != null) {
            throw first;
        }
    }

    private void lost(Track tr, long t) {
        if (tr.visit == null) {
            return;
        }
        decider.maybeDecide(tr, t, true, frame == null ? null : frame.sourceId());
        revisits.offer(tr.visit, door.wentOut(tr), t);
    }

    /** Builds an {@link EntranceGuard}. */
    public static final class Builder {
        private final VenueRules rules;
        private FaceDetector detector;
        private AgeEstimator estimator;
        private LandmarkDetector landmarks;
        private EntryListener listener = EntryListener.NONE;
        private Clock clock = Clock.systemUTC();
        private String cameraId;
        private Door door = Door.anywhere();
        private FaceQuality quality = FaceQuality.ofDefaults();
        private FusionConfig fusion = FusionConfig.ofDefaults();
        private TrackerConfig tracker = TrackerConfig.ofDefaults();
        private VisitLedger ledger;
        private float[] detectionRegion;
        private MotionGate motionGate = MotionGate.off();

        private Builder(VenueRules rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
        }

        /** The face detector for this camera thread; default: the bundled one, created and closed by the guard. */
        public Builder detector(FaceDetector detector) {
            this.detector = Objects.requireNonNull(detector, "detector");
            return this;
        }

        /** The age estimator for this camera thread; default: the bundled one, created and closed by the guard. */
        public Builder estimator(AgeEstimator estimator) {
            this.estimator = Objects.requireNonNull(estimator, "estimator");
            return this;
        }

        /** Who hears about decisions; default none. */
        public Builder listener(EntryListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Time for frames without a timestamp and, when no ledger is given, for the private ledger; default system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Camera id in decisions; default the frames' {@link ImageFrame#sourceId()} (or "camera"). */
        public Builder cameraId(String id) {
            this.cameraId = Objects.requireNonNull(id, "id");
            return this;
        }

        /** Where inside is; default {@link Door#anywhere()}. */
        public Builder door(Door door) {
            this.door = Objects.requireNonNull(door, "door");
            return this;
        }

        /** The shot quality gate; default {@link FaceQuality#ofDefaults()}. */
        public Builder quality(FaceQuality quality) {
            this.quality = Objects.requireNonNull(quality, "quality");
            return this;
        }

        /**
         * The 68-point landmark detector for this camera thread: its points feed the quality gate's eyes-visible check
         * and the age estimator's landmark crop (one run per shot, for both). Default: the bundled one, created and
         * closed by the guard.
         */
        public Builder landmarks(LandmarkDetector landmarks) {
            this.landmarks = Objects.requireNonNull(landmarks, "landmarks");
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

        /**
         * Looks for faces only in this part of the frame (fractions of the frame width and height), e.g. the door
         * and a margin around it in a wide view. The detector then spends its input on that region, so faces there
         * reach the network larger and distant faces are found sooner. Make the region at least about 3 times as
         * wide as the largest face it will hold: the bundled detector misses faces wider than about a third of its
         * input. A smaller detector input (320) runs about 1.7× faster but, depending on face size, missed
         * up to 46 % of the faces 416 finds; keep 416. Default: the whole frame.
         *
         * @throws IllegalArgumentException if the region is empty or not inside [0, 1]
         */
        public Builder detectionRegion(float x, float y, float width, float height) {
            if (!(x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= 1.0001f && y + height <= 1.0001f)) {
                throw new IllegalArgumentException("detectionRegion(" + x + ", " + y + ", " + width + ", " + height
                        + ") must lie inside the frame: x, y >= 0, width, height > 0, x + width <= 1, y + height <= 1 "
                        + "(fractions of the frame size)");
            }
            this.detectionRegion = new float[] {x, y, width, height};
            return this;
        }

        /**
         * Leaves frames unanalysed while nothing moves at the door and nobody is followed ({@link MotionGate});
         * default {@link MotionGate#off()}.
         */
        public Builder motionGate(MotionGate gate) {
            this.motionGate = Objects.requireNonNull(gate, "gate");
            return this;
        }

        /**
         * The venue's ledger, shared with its other cameras (the caller's to close); default a private one on this
         * builder's clock with its own tick, closed with the guard.
         */
        public Builder ledger(VisitLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /** Builds; loads the bundled models when no detector/estimator was given. */
        public EntranceGuard build() { return new EntranceGuard(this); }
    }
}
