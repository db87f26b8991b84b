package org.entryguard.camera;

import org.entryguard.camera.internal.AnalysisPool;
import org.entryguard.camera.internal.Thumbnails;
import org.entryguard.core.AgeEstimator;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.LandmarkDetector;
import org.entryguard.core.Models;
import org.entryguard.core.guard.EntranceGuard;
import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.ledger.EntryListener;
import org.entryguard.core.ledger.OutcomeChange;
import org.entryguard.core.ledger.OutcomeStatus;
import org.entryguard.core.ledger.VisitLedger;
import org.entryguard.core.ledger.VisitOutcome;
import org.entryguard.core.rules.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The venue runtime: every {@link Entrance} of a venue (camera, door, detection region, rules) with one guard each,
 * the models loaded once and shared, one {@link VisitLedger} whose one tick owns every staff deadline, and the
 * listeners — built from one builder, started in one call and closed in one call. Each entrance gets its own
 * predictors ({@code newDetector()}, ...) from one set of {@link Models}.
 *
 * <pre>{@code
 * try (EntranceRunner venue = EntranceRunner.custom()
 *         .entrance(Entrance.custom(CameraConfig.custom("rtsp://10.0.0.21/101").id("door-1").build(), rules)
 *                 .door(Door.horizontalLine(0.5f, true)).build())
 *         .ledger(VisitLedger.custom().idCheckDeadline(Duration.ofMinutes(2)))
 *         .listener(new DecisionAlerts(sink, venue, rules.zone()))      // hears every door
 *         .build()) {
 *     venue.start();
 *     ...  venue.ledger().resolveIdCheck(visitId, IdCheckResult.ID_VERIFIED_ADULT, "staff-7");
 * }
 * }</pre>
 *
 * <p>Each entrance has its own decode thread; analysis runs on one pool of threads for the whole venue, sized to the
 * cores by default ({@link Builder#analysisThreads}), served round-robin with the newest frame of each camera, so
 * that dozens of cameras on a small box are analysed one frame after the other instead of all at once, slowly. One
 * entrance can be replaced ({@link #replace}) without touching the others. While an ID check is open the runner keeps a small face thumbnail
 * of it in memory for the staff station ({@link #thumbnail}); it is never written anywhere and is dropped as soon as
 * the check is resolved or expires. {@link Models} passed to the builder stay the caller's to close; the models and
 * the ledger the runner creates are closed by {@link #close()}.
 */
public final class EntranceRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EntranceRunner.class);

    private final Models models;
    private final boolean ownsModels;
    private final VisitLedger ledger;
    private final SourceListener sourceListener;
    private final FrameTimer frameTimer;
    private final Thumbnails thumbnails;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final AnalysisPool pool;
    private boolean started;
    private boolean closed;

    /** One entrance at work: its guard, its own model instances, its camera. */
    private final class Lane {
        final Entrance entrance;
        final FaceDetector det;
        final AgeEstimator est;
        final LandmarkDetector lm;
        final EntranceGuard guard;
        final CameraRunner camera;

        Lane(Entrance e) {
            this.entrance = e;
            this.det = models.newDetector();
            this.est = models.newEstimator();
            this.lm = models.newLandmarks();
            EntranceGuard.Builder gb = EntranceGuard.custom(e.rules()).cameraId(e.id()).detector(det).estimator(est)
                    .landmarks(lm).ledger(ledger).door(e.door()).quality(e.quality()).fusion(e.fusion())
                    .tracker(e.tracker()).listener(e.listener()).motionGate(e.motionGate());
            float[] r = e.detectionRegion();
            if (r != null) {
                gb.detectionRegion(r[0], r[1], r[2], r[3]);
            }
            this.guard = gb.build();
            this.camera = CameraRunner.custom().camera(e.camera()).pool(pool).listener(sourceListener)
                    .handler(this::onFrame).build();
        }

        private void onFrame(ImageFrame frame) {
            long t0 = System.nanoTime();
            long avoided = guard.detectorRunsAvoided();
            List<EntryDecision> decided = guard.process(frame);
            if (guard.detectorRunsAvoided() == avoided) { // frames the motion gate left alone are not timed
                frameTimer.processed(entrance.id(), System.nanoTime() - t0, frame.timestampMillis());
            }
            for (EntryDecision d : decided) {
                if (thumbnails != null && d.decision() == Decision.CHECK_ID && !d.admitted()) {
                    thumbnails.put(d.visitId(), frame, d.faceBox()); // copied now: the frame's buffer is reused
                }
            }
        }

        void close() {
            camera.close();
            guard.close();
            det.close();
            est.close();
            lm.close();
        }
    }

    private EntranceRunner(Builder b) {
        this.ownsModels = b.models == null;
        this.models = ownsModels ? Models.ofDefaults() : b.models;
        this.sourceListener = b.sourceListener;
        this.frameTimer = b.frameTimer;
        this.thumbnails = b.thumbnails ? new Thumbnails(b.maxThumbnails) : null;
        this.pool = new AnalysisPool(b.analysisThreads, "entryguard-analysis-");
        VisitLedger.Builder lb = b.ledger;
        for (EntryListener l : b.listeners) {
            lb.listener(l);
        }
        if (thumbnails != null) {
            lb.listener(new EntryListener() {
                @Override
                public void onDecision(EntryDecision d) {
                }

                @Override
                public void onOutcome(OutcomeChange change, VisitOutcome o) {
                    if (change != OutcomeChange.RECORDED && o.status() != OutcomeStatus.AWAITING_ID_CHECK) {
                        thumbnails.remove(o.visitId()); // resolved or expired: the face is of no more use
                    }
                }
            });
        }
        this.ledger = lb.build();
        try {
            for (Entrance e : b.entrances.values()) {
                lanes.put(e.id(), new Lane(e));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A new builder. */
    public static Builder custom() { return new Builder(); }

    /**
     * Hears how long each analysed frame took through its guard (for a latency histogram; frames the motion gate
     * left alone are not reported); on the analysis thread, keep it cheap.
     */
    @FunctionalInterface
    public interface FrameTimer {
        /**
         * @param cameraId the entrance
         * @param nanos time spent in the guard for this frame
         * @param frameTimestampMillis the frame's capture time
         */
        void processed(String cameraId, long nanos, long frameTimestampMillis);
    }

    /** Starts every camera. Idempotent. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        pool.start();
        lanes.values().forEach(l -> l.camera.start());
    }

    /** The venue's ledger: staff resolve checks here, from any thread. */
    public VisitLedger ledger() { return ledger; }

    /** The entrances, in the order they were added. */
    public synchronized List<Entrance> entrances() {
        List<Entrance> out = new ArrayList<>();
        lanes.values().forEach(l -> out.add(l.entrance));
        return out;
    }

    /** Figures per camera, in entrance order. */
    public synchronized List<CameraStats> stats() {
        List<CameraStats> out = new ArrayList<>();
        for (Lane l : lanes.values()) {
            out.addAll(l.camera.stats());
        }
        return out;
    }

    /** Number of analysis threads all entrances share. */
    public int analysisThreads() { return pool.threads(); }

    /** How many times the age model has run, all entrances together. */
    public synchronized long ageEstimates() {
        long n = 0;
        for (Lane l : lanes.values()) {
            n += l.guard.ageEstimates();
        }
        return n;
    }

    /** Frames of this entrance its {@link Entrance#motionGate()} left unanalysed (detector runs saved); 0 if unknown. */
    public synchronized long detectorRunsAvoided(String cameraId) {
        Lane l = lanes.get(cameraId);
        return l == null ? 0 : l.guard.detectorRunsAvoided();
    }

    /**
     * A copy of the face thumbnail of an open ID check, for the staff station: held in memory only, gone once the
     * check is resolved or expired. Empty when none is held.
     */
    public Optional<BufferedImage> thumbnail(String visitId) {
        return thumbnails == null ? Optional.empty() : thumbnails.get(visitId);
    }

    /**
     * Applies a new set of entrances: entrances whose settings are the same object or {@code equal} by
     * {@code sameAs} keep running untouched (no frame lost), removed ones stop, changed and new ones (re)start.
     * Open ID checks and the ledger are kept.
     *
     * @param sameAs whether an old and a new entrance of the same id are the same (e.g. their config text is equal)
     * @return the ids of the entrances that were (re)started or stopped
     */
    public synchronized List<String> replace(Collection<Entrance> next, java.util.function.BiPredicate<Entrance, Entrance> sameAs) {
        if (closed) {
            throw new IllegalStateException("the runner is closed");
        }
        Map<String, Entrance> wanted = new LinkedHashMap<>();
        for (Entrance e : next) {
            if (wanted.put(e.id(), e) != null) {
                throw new IllegalArgumentException("two entrances have the camera id " + e.id());
            }
        }
        List<String> touched = new ArrayList<>();
        for (var it = lanes.entrySet().iterator(); it.hasNext(); ) {
            var old = it.next();
            Entrance w = wanted.get(old.getKey());
            if (w == null || !(w == old.getValue().entrance || sameAs.test(old.getValue().entrance, w))) {
                old.getValue().close();
                it.remove();
                touched.add(old.getKey());
            }
        }
        for (Entrance e : wanted.values()) {
            if (!lanes.containsKey(e.id())) {
                Lane l = new Lane(e);
                lanes.put(e.id(), l);
                if (started) {
                    l.camera.start();
                }
                if (!touched.contains(e.id())) {
                    touched.add(e.id());
                }
            }
        }
        // keep the configured order
        Map<String, Lane> ordered = new LinkedHashMap<>();
        for (String id : wanted.keySet()) {
            ordered.put(id, lanes.get(id));
        }
        lanes.clear();
        lanes.putAll(ordered);
        return touched;
    }

    /**
     * Stops every camera, then closes the guards, the model instances, the models and the ledger the runner made
     * (in that order); thumbnails are dropped. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Lane l : lanes.values()) {
            try {
                l.close();
            } catch (RuntimeException e) {
                LOG.warn("closing entrance {} failed", l.entrance.id(), e);
            }
        }
        lanes.clear();
        pool.close();
        if (thumbnails != null) {
            thumbnails.clear();
        }
        closeModels();
        if (ledger != null) {
            ledger.close();
        }
    }

    private void closeModels() {
        if (ownsModels) {
            models.close();
        }
    }

    /** Settings of an {@link EntranceRunner}. */
    public static final class Builder {
        private final Map<String, Entrance> entrances = new LinkedHashMap<>();
        private final List<EntryListener> listeners = new ArrayList<>();
        private VisitLedger.Builder ledger = VisitLedger.custom();
        private Models models;
        private SourceListener sourceListener = SourceListener.NONE;
        private FrameTimer frameTimer = (id, nanos, ts) -> { };
        private boolean thumbnails = true;
        private int maxThumbnails = 256;
        private int analysisThreads = Runtime.getRuntime().availableProcessors();

        private Builder() {
        }

        /** Adds an entrance. @throws IllegalArgumentException if its camera id is taken */
        public Builder entrance(Entrance entrance) {
            Objects.requireNonNull(entrance, "entrance");
            if (entrances.putIfAbsent(entrance.id(), entrance) != null) {
                throw new IllegalArgumentException("two entrances have the camera id " + entrance.id() + ": give each camera its own id (CameraConfig.Builder.id)");
            }
            return this;
        }

        /** The ledger's settings (deadline, retention, tick); default {@link VisitLedger#custom()}. The runner builds and closes it. */
        public Builder ledger(VisitLedger.Builder ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /** A venue-wide listener: every door's decisions and every outcome (e.g. {@code DecisionAlerts}). */
        public Builder listener(EntryListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The loaded models every entrance gets its own predictors from (the caller's to close, after the runner);
         * default {@link Models#ofDefaults()}, loaded and closed by the runner.
         */
        public Builder models(Models models) {
            this.models = Objects.requireNonNull(models, "models");
            return this;
        }

        /** Hears each frame's time through its guard (e.g. a metrics histogram); default none. */
        public Builder frameTimer(FrameTimer timer) {
            this.frameTimer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /**
         * Analysis threads shared by all entrances (default: available processors). More threads than cores only
         * time-slice the same cores: every frame then waits for all the others. @throws IllegalArgumentException if
         * {@code threads < 1}
         */
        public Builder analysisThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("analysisThreads must be >= 1, got " + threads
                        + ": leave it unset for one per core");
            }
            this.analysisThreads = threads;
            return this;
        }

        /** Hears camera state changes (connected, stalled, failed, ended). */
        public Builder sourceListener(SourceListener listener) {
            this.sourceListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Whether to keep face thumbnails of open ID checks in memory for the staff station (default true, at most
         * {@code max}); they are never written anywhere. @throws IllegalArgumentException if {@code max < 1}
         */
        public Builder staffThumbnails(boolean keep, int max) {
            if (max < 1) {
                throw new IllegalArgumentException("staffThumbnails max must be ≥ 1, got " + max);
            }
            this.thumbnails = keep;
            this.maxThumbnails = max;
            return this;
        }

        /** Loads what was not given and builds every entrance (cameras start with {@link EntranceRunner#start()}). */
        public EntranceRunner build() { return new EntranceRunner(this); }
    }
}
