package org.entryguard.core.guard;

import org.entryguard.core.rules.AgeInterval;
import org.entryguard.core.ledger.GuardianCheck;
import org.entryguard.core.ledger.IdCheckResult;
import org.entryguard.core.rules.Ruling;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.entryguard.core.ledger.VisitLedger;
import org.entryguard.core.ledger.VisitOutcome;

import org.entryguard.core.AgeEstimate;
import org.entryguard.core.AgeEstimator;
import org.entryguard.core.EntryGuardException;
import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.LandmarkDetector;
import org.entryguard.core.guard.internal.AgeFusion;
import org.entryguard.core.guard.internal.Appearance;
import org.entryguard.core.guard.internal.FaceTracker;
import org.entryguard.core.guard.internal.Measurement;
import org.entryguard.core.guard.internal.QualityScorer;
import org.entryguard.core.guard.internal.Track;
import org.entryguard.core.guard.internal.Visit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The entrance age check for one camera: frames in, one {@link EntryDecision} per person-visit out.
 *
 * <pre>{@code
 * try (EntranceGuard guard = EntranceGuard.builder(VenueRules.of(VenueType.KTV))
 *         .door(Door.horizontalLine(0.5f, true))
 *         .listener(decision -> relay.handle(decision))
 *         .build()) {
 *     while (running) guard.process(camera.nextFrame());
 * }
 * }</pre>
 *
 * <p>Per frame: detect faces, follow them ({@link TrackerConfig}), note who crosses the {@link Door} inward,
 * score each face ({@link FaceQuality}) and estimate the age only on good shots that make a track's best
 * {@link FusionConfig#bestK()}, fuse them, and once enough evidence is in (or a deadline passes) apply the
 * {@link VenueRules}. Shots with covered eyes (the gate's occlusion check, run on the age estimator's landmarks
 * when the detector has none) are never fused; a visit whose shots mostly had covered eyes ends as CHECK_ID
 * ("ask to remove them, or check ID"). The decision goes to the {@link EntryListener} and the
 * {@link VisitLedger}, where staff resolve it. Decisions depend only on the frames, their timestamps and the
 * configuration: the same input gives the same decisions.
 *
 * <p><b>Threads and models.</b> An instance is used by one camera thread ({@code process} is not thread-safe).
 * Give each guard its own {@link FaceDetector} and {@link AgeEstimator} instance, made with
 * {@code newInstance()} from one loaded model: the instances share the weights and the ONNX Runtime session
 * (N cameras cost one model in memory) but each has its own buffers. Instances passed to the builder are the
 * caller's to close; ones the builder loads itself (none passed) are closed by {@link #close()}. The
 * {@link VisitLedger} is thread-safe and may be shared by all guards of a venue; staff call it from any thread.
 *
 * <p><b>Time.</b> Tracking, deadlines and dates use the frame's capture time; a frame without one
 * (timestamp ≤ 0) gets the clock's time. Staff actions and overdue checks use the clock. Outside the
 * venue's opening hours frames are skipped (no detection) and tracks are dropped without decisions.
 */
public final class EntranceGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EntranceGuard.class);
    private static final int REJOIN_TRIES = 5;
    private static final int POOL_LIMIT = 64;

    private final VenueRules rules;
    private final FaceDetector detector;
    private final AgeEstimator estimator;
    private final LandmarkDetector landmarks;
    private final boolean ownsDetector;
    private final boolean ownsEstimator;
    private final EntryListener listener;
    private final Clock clock;
    private final String cameraId;
    private final Door door;
    private final FusionConfig fusion;
    private final TrackerConfig trackerConfig;
    private final VisitLedger ledger;
    private final FaceTracker tracker;
    private final QualityScorer scorer;
    private final AgeFusion fuser;
    private final AgeFusion.Result fused = new AgeFusion.Result();
    private final Measurement measurement = new Measurement();
    private final float[] signature = new float[Appearance.BINS];
    private final ArrayDeque<Visit> lostVisits = new ArrayDeque<>();
    private final long deadlineMillis;
    private final long revisitMillis;
    private final FaceTracker.LostHandler onLost = this::lost;
    private final float[] detectionRegion;
    private FaceBox regionPixels;
    private int regionForWidth;
    private int regionForHeight;

    private ImageFrame frame;
    private List<EntryDecision> decidedNow;
    private long visitSeq;
    private long ageEstimates;
    private boolean closedHours;
    private boolean warnedEstimator;
    private boolean warnedNoLandmarks;
    private long openMinute = Long.MIN_VALUE;
    private boolean openNow;

    private EntranceGuard(Builder b) {
        this.rules = b.rules;
        this.ownsDetector = b.detector == null;
        this.ownsEstimator = b.estimator == null;
        this.detector = ownsDetector ? FaceDetector.builder().build() : b.detector;
        AgeEstimator est;
        try {
            est = ownsEstimator ? AgeEstimator.builder().build() : b.estimator;
        } catch (RuntimeException e) {
            if (ownsDetector) {
                detector.close();
            }
            throw e;
        }
        this.estimator = est;
        this.landmarks = b.landmarks;
        this.listener = b.listener;
        this.clock = b.clock;
        this.cameraId = b.cameraId;
        this.door = b.door;
        this.fusion = b.fusion;
        this.trackerConfig = b.tracker;
        this.ledger = b.ledger != null ? b.ledger : new VisitLedger(b.clock, java.time.Duration.ofHours(24));
        this.tracker = new FaceTracker(b.tracker, b.fusion.bestK());
        this.scorer = new QualityScorer(b.quality);
        this.fuser = new AgeFusion(b.fusion.bestK());
        this.deadlineMillis = b.fusion.deadline().toMillis();
        this.revisitMillis = b.tracker.revisitWindow().toMillis();
        this.detectionRegion = b.detectionRegion;
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
    public static Builder builder(VenueRules rules) { return new Builder(rules); }

    /**
     * Processes one frame.
     *
     * @return the decisions made on this frame (usually none: an immutable empty list)
     */
    public List<EntryDecision> process(ImageFrame frame) {
        Objects.requireNonNull(frame, "frame");
        ledger.checkOverdue();
        long t = frame.timestampMillis() > 0 ? frame.timestampMillis() : clock.millis();
        if (!rules.alwaysOpen() && !openAt(t)) {
            if (!closedHours) {
                tracker.clear();
                lostVisits.clear();
                closedHours = true;
            }
            return List.of();
        }
        closedHours = false;
        this.frame = frame;
        this.decidedNow = null;
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
                    tryRejoin(tr, t);
                    direction(tr, t);
                    collectShot(tr);
                }
                maybeDecide(tr, t, false);
            }
        } finally {
            this.frame = null;
        }
        return decidedNow == null ? List.of() : decidedNow;
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

    /** Shorthand for {@link VisitLedger#resolveIdCheck}. */
    public VisitOutcome resolveIdCheck(String visitId, IdCheckResult result, String staffId) {
        return ledger.resolveIdCheck(visitId, result, staffId);
    }

    /** Shorthand for {@link VisitLedger#completeGuardianCheck}. */
    public VisitOutcome completeGuardianCheck(String visitId, GuardianCheck check) {
        return ledger.completeGuardianCheck(visitId, check);
    }

    /** How many times the age model has run (it runs only on good shots that make a track's best K). */
    public long ageEstimates() { return ageEstimates; }

    /** Closes the detector and estimator if the builder created them; ones passed in stay open. */
    @Override
    public void close() {
        if (ownsDetector) {
            detector.close();
        }
        if (ownsEstimator) {
            estimator.close();
        }
    }

    // ---- per-track steps -------------------------------------------------------------------------------

    /** A fresh track that looks like a visit lost moments ago rejoins it (same person stepping back in). */
    private void tryRejoin(Track tr, long t) {
        if (revisitMillis <= 0 || tr.rejoinTries >= REJOIN_TRIES || lostVisits.isEmpty() || tr.rechecking
                || tr.visit.decided()) {
            return;
        }
        pruneLost(t);
        if (lostVisits.isEmpty() || !Appearance.signature(frame, tr.face.box(), signature)) {
            return;
        }
        tr.rejoinTries++;
        Visit best = null;
        float bestSim = trackerConfig.revisitSimilarity();
        for (Visit v : lostVisits) {
            float sim = Appearance.similarity(signature, v.signature);
            if (sim >= bestSim) {
                bestSim = sim;
                best = v;
            }
        }
        if (best == null) {
            return;
        }
        lostVisits.remove(best);
        Visit fresh = tr.visit;
        if (fresh.crossedIn && !best.crossedIn) {
            best.crossedIn = true;
            best.crossedAt = fresh.crossedAt;
        }
        tr.visit = best;
        tr.rejoinTries = REJOIN_TRIES;
        tr.rechecking = best.decided(); // its shots now re-check the earlier decision instead of making a new one
    }

    private void direction(Track tr, long t) {
        switch (door.kind()) {
            case ANYWHERE:
                if (!tr.crossedIn && tr.hits >= trackerConfig.minHits()) {
                    enter(tr, t);
                }
                break;
            case APPROACH: {
                float ratio = tr.h / Math.max(1f, tr.firstHeight);
                if (ratio <= 1f / door.growth()) {
                    tr.leaving = true;
                }
                if (!tr.crossedIn && !tr.leaving && ratio >= door.growth() && tr.hits >= trackerConfig.minHits()) {
                    enter(tr, t);
                }
                break;
            }
            default: {
                int s = door.side(tr.cx(), tr.cy(), tr.h, frame.width(), frame.height());
                if (s != 0) {
                    if (tr.side == -1 && s == 1 && !tr.crossedIn) {
                        enter(tr, t);
                    } else if (tr.side == 1 && s == -1) {
                        tr.leaving = true;
                    }
                    tr.side = s;
                }
            }
        }
    }

    private static void enter(Track tr, long t) {
        tr.crossedIn = true;
        tr.leaving = false;
        if (!tr.visit.crossedIn) {
            tr.visit.crossedIn = true;
            tr.visit.crossedAt = t;
        }
    }

    private void collectShot(Track tr) {
        Visit v = tr.visit;
        boolean wanted = tr.rechecking ? !tr.recheckDone : !v.decided();
        // someone first seen inside (or heading out) is not entering: don't spend the age model on them
        boolean outbound = !tr.crossedIn && (tr.leaving || (tr.side == 1 && door.kind() != Door.Kind.ANYWHERE));
        if (!wanted || outbound) {
            return;
        }
        if (!scorer.measure(frame, tr.face, measurement)) {
            if (measurement.failure == Measurement.Failure.OCCLUDED && !tr.rechecking) {
                v.occludedShots++;
            }
            return;
        }
        if (!tr.wantsShot(measurement.score, fusion.bestK())) {
            return;
        }
        AgeEstimate est;
        try {
            est = estimator.estimate(frame, tr.face.box());
        } catch (EntryGuardException e) {
            // a box the estimator cannot crop: skip this shot, not the camera (logged once, not per frame)
            if (!warnedEstimator) {
                warnedEstimator = true;
                LOG.warn("age estimator rejected a face box; skipping such shots from now on without logging", e);
            }
            return;
        }
        ageEstimates++;
        if (!Float.isFinite(est.age()) || !Float.isFinite(est.spread())) {
            return;
        }
        if (!eyesVisible(tr)) {
            if (!tr.rechecking) {
                v.occludedShots++;
            }
            return;
        }
        tr.addShot(est.age(), est.spread(), measurement.score, fusion.bestK());
        if (!tr.rechecking && measurement.score > v.signatureQuality
                && Appearance.signature(frame, tr.face.box(), v.signature)) {
            v.hasSignature = true;
            v.signatureQuality = measurement.score;
        }
    }

    /**
     * The gate's occlusion check for a face the detector gave no landmarks for: on the landmarks the age
     * estimator found (the default one does), else on the builder's {@link LandmarkDetector}; without either the
     * check is skipped (logged once).
     */
    private boolean eyesVisible(Track tr) {
        if (!scorer.gate().occlusionCheck() || measurement.occlusionChecked) {
            return true;
        }
        float[] lm = estimator.lastLandmarks();
        if (lm == null && landmarks != null) {
            lm = landmarks.detect(frame, tr.face.box());
        }
        if (lm == null) {
            if (!warnedNoLandmarks) {
                warnedNoLandmarks = true;
                LOG.warn("occlusion check skipped: neither the face detector nor the age estimator gives landmarks; "
                        + "pass a LandmarkDetector to EntranceGuard.Builder.landmarks(...) or turn the check off with "
                        + "FaceQuality.builder().occlusionCheck(false)");
            }
            return true;
        }
        return scorer.checkOcclusion(frame, lm, measurement);
    }

    /** Reason for a CHECK_ID when most of a visit's shots had covered eyes, or null when they did not. */
    private String occluded(Visit v, int goodShots) {
        if (v.occludedShots == 0 || v.occludedShots <= goodShots) {
            return null;
        }
        return String.format(Locale.ROOT, "eyes covered in %d of %d shots (sunglasses or face covering): ask to remove them, "
                + "or check ID", v.occludedShots, v.occludedShots + goodShots);
    }

    private void maybeDecide(Track tr, long t, boolean lost) {
        Visit v = tr.visit;
        if (v == null) {
            return;
        }
        if (tr.rechecking) {
            recheck(tr, t);
            return;
        }
        if (v.decided() || !v.crossedIn) {
            return;
        }
        fuser.fuse(tr.shotAge, tr.shotSpread, tr.shots, fusion.trimFraction(), fused);
        boolean ready = fused.shots >= fusion.bestK()
                || (fused.shots >= fusion.minShots() && fused.shotStd <= fusion.agreeSpread())
                || (v.occludedShots >= fusion.bestK() && v.occludedShots > fused.shots);
        boolean due = lost || t - v.crossedAt >= deadlineMillis;
        if (!ready && !due) {
            return;
        }
        Instant at = Instant.ofEpochMilli(t);
        Ruling r;
        String covered = occluded(v, fused.shots);
        if (covered != null) {
            // mostly covered eyes: the few shots that passed may be misjudged glasses too; never decide on them
            r = rules.insufficientEvidence(covered, at);
            fused.shots = 0;
        } else if (fused.shots >= fusion.minShots()) {
            r = rules.judge(fused.age, fused.spread, fused.shots, at);
        } else {
            r = rules.insufficientEvidence(String.format(Locale.ROOT, "only %d of %d good shots %s", fused.shots,
                    fusion.minShots(), lost ? "before the person left the view" : "within the " + deadlineMillis + " ms deadline"), at);
        }
        decide(tr, v, r, at, "");
    }

    /** A rejoined person's new shots: a different verdict means it is not the same person after all. */
    private void recheck(Track tr, long t) {
        if (tr.recheckDone) {
            return;
        }
        fuser.fuse(tr.shotAge, tr.shotSpread, tr.shots, fusion.trimFraction(), fused);
        boolean ready = fused.shots >= fusion.bestK()
                || (fused.shots >= fusion.minShots() && fused.shotStd <= fusion.agreeSpread());
        if (!ready) {
            return;
        }
        tr.recheckDone = true;
        Instant at = Instant.ofEpochMilli(t);
        Ruling r = rules.judge(fused.age, fused.spread, fused.shots, at);
        EntryDecision earlier = tr.visit.decision;
        if (r.decision() == earlier.decision()) {
            return; // consistent with the visit it rejoined: same person, nothing new to say
        }
        Visit split = new Visit(t);
        split.crossedIn = true;
        split.crossedAt = t;
        split.hasSignature = tr.visit.hasSignature;
        System.arraycopy(tr.visit.signature, 0, split.signature, 0, Appearance.BINS);
        tr.visit = split;
        tr.rechecking = false;
        decide(tr, split, r, at, "New visit: looked like returning visit " + earlier.visitId() + " (" + earlier.decision()
                + ") but the new shots disagree. ");
    }

    private void decide(Track tr, Visit v, Ruling r, Instant at, String prefix) {
        String cam = cameraId != null ? cameraId : (frame != null && !frame.sourceId().isEmpty() ? frame.sourceId() : "camera");
        String visitId = cam + "-" + Long.toString(v.startMillis, 36) + "-" + (++visitSeq);
        boolean hasAge = fused.shots >= fusion.minShots();
        float age = hasAge ? fused.age : Float.NaN;
        AgeInterval interval = hasAge
                ? new AgeInterval((float) Math.max(0.0, fused.age - rules.intervalZ() * fused.spread),
                (float) (fused.age + rules.intervalZ() * fused.spread))
                : AgeInterval.NONE;
        EntryDecision d = new EntryDecision(visitId, tr.id, cam, rules.venueType(), r.decision(), r.admitted(), age,
                interval, r.minorProbability(), fused.shots, r.ruleApplied(), prefix + r.reason(), r.keyPeriod(), at);
        v.decision = d;
        ledger.record(d, listener, rules);
        if (decidedNow == null) {
            decidedNow = new ArrayList<>(2);
        }
        decidedNow.add(d);
        try {
            listener.onDecision(d);
        } catch (RuntimeException e) {
            LOG.warn("EntryListener.onDecision threw for visit {}", visitId, e);
        }
    }

    private void lost(Track tr, long t) {
        if (tr.visit == null) {
            return;
        }
        maybeDecide(tr, t, true);
        Visit v = tr.visit;
        // only someone who was last seen outside (went back out, or never came in) can "return"; a person lost
        // inside the venue cannot, so a group of look-alikes walking in one after another is never merged.
        // Door.anywhere() knows no sides: there the appearance cue alone decides (see TrackerConfig).
        boolean wentOut = door.kind() == Door.Kind.ANYWHERE || tr.leaving || (tr.side == -1 && !tr.crossedIn);
        if (revisitMillis > 0 && v.hasSignature && wentOut && !lostVisits.contains(v)) {
            v.lostAt = t;
            if (lostVisits.size() >= POOL_LIMIT) {
                lostVisits.pollFirst();
            }
            lostVisits.addLast(v);
        }
    }

    private void pruneLost(long t) {
        for (Iterator<Visit> it = lostVisits.iterator(); it.hasNext(); ) {
            if (t - it.next().lostAt > revisitMillis) {
                it.remove();
            }
        }
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
        private FaceQuality quality = FaceQuality.defaults();
        private FusionConfig fusion = FusionConfig.defaults();
        private TrackerConfig tracker = TrackerConfig.defaults();
        private VisitLedger ledger;
        private float[] detectionRegion;

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

        /** Time for frames without a timestamp and, when no ledger is given, for staff actions; default system UTC. */
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

        /** The shot quality gate; default {@link FaceQuality#defaults()}. */
        public Builder quality(FaceQuality quality) {
            this.quality = Objects.requireNonNull(quality, "quality");
            return this;
        }

        /**
         * A landmark detector for the quality gate's occlusion (and pose) check, used only when neither the face
         * detector nor the age estimator gives landmarks (the default estimator does, so this is for custom or
         * {@code faceApiCompatible()} estimators); the caller's to close. Default none: then the check is skipped
         * for such estimators, with one warning in the log.
         */
        public Builder landmarks(LandmarkDetector landmarks) {
            this.landmarks = Objects.requireNonNull(landmarks, "landmarks");
            return this;
        }

        /** Fusion and decision timing; default {@link FusionConfig#defaults()}. */
        public Builder fusion(FusionConfig fusion) {
            this.fusion = Objects.requireNonNull(fusion, "fusion");
            return this;
        }

        /** Tracking and revisits; default {@link TrackerConfig#defaults()}. */
        public Builder tracker(TrackerConfig tracker) {
            this.tracker = Objects.requireNonNull(tracker, "tracker");
            return this;
        }

        /**
         * Looks for faces only in this part of the frame (fractions of the frame width and height), e.g. the door
         * and a margin around it in a wide view. The detector then spends its input on that region, so faces there
         * reach the network larger and distant faces are found sooner. Make the region at least about 3 times as
         * wide as the largest face it will hold: the bundled detector misses faces wider than about a third of its
         * input. A smaller detector input (320) is faster but missed faces in {@code evaluate} (BENCHMARKS.md,
         * findings §3); keep 416. Default: the whole frame.
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

        /** A ledger shared with other cameras of the venue; default a private one on this builder's clock. */
        public Builder ledger(VisitLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /** Builds; loads the bundled models when no detector/estimator was given. */
        public EntranceGuard build() { return new EntranceGuard(this); }
    }
}
