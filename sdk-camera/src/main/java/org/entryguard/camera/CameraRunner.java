package org.entryguard.camera;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entryguard.camera.internal.AnalysisPool;
import org.entryguard.camera.internal.JavaCvFrameSource;

/**
 * Runs N cameras into one {@link FrameHandler}: a decode thread per camera (inside its {@link FrameSource})
 * and a shared analysis pool, sized to the cores by default.
 *
 * <p>Scheduling is fair round-robin: a camera with a fresh frame joins the back of one ready queue, a worker
 * takes the camera at the front, analyses its newest frame and, if a newer one arrived meanwhile, puts the camera
 * at the back again. So a fast camera cannot starve a slow one, one camera is never analysed on two threads at
 * once, and when analysis is slower than the cameras the stale frames are dropped (counted), not queued.
 *
 * <pre>{@code
 * try (CameraRunner runner = CameraRunner.custom()
 *         .camera(CameraConfig.custom("rtsp://10.0.0.21/Streaming/Channels/101").id("door-1").targetFps(10).build())
 *         .handler(frame -> guard.process(frame))
 *         .build()) {
 *     runner.start();
 *     ...
 *     runner.stats().forEach(s -> log.info(s.statusLine()));
 * }
 * }</pre>
 */
public final class CameraRunner implements AutoCloseable {
    private final List<AnalysisPool.Lane> lanes = new ArrayList<>();
    private final AnalysisPool pool;
    private final boolean ownsPool;
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean closed;

    private CameraRunner(Builder b) {
        this.ownsPool = b.pool == null;
        this.pool = ownsPool ? new AnalysisPool(b.threads, "entryguard-analysis-") : b.pool;
        for (FrameSource s : b.sources) {
            lanes.add(pool.add(s, b.handler));
        }
        for (CameraConfig c : b.configs) {
            lanes.add(pool.add(new JavaCvFrameSource(c, b.listener), b.handler));
        }
    }

    /** A new builder. */
    public static Builder custom() {
        return new Builder();
    }

    /** Starts the analysis threads and every camera. Idempotent. */
    public void start() {
        synchronized (lifecycle) {
            if (started || closed) {
                return;
            }
            started = true;
            if (ownsPool) {
                pool.start();
            }
            for (AnalysisPool.Lane lane : lanes) {
                lane.source().start();
            }
        }
    }

    /** Number of analysis threads (shared with other cameras when the runner was given a pool). */
    public int analysisThreads() {
        return pool.threads();
    }

    /** Figures per camera, in the order the cameras were added. */
    public List<CameraStats> stats() {
        List<CameraStats> out = new ArrayList<>(lanes.size());
        for (AnalysisPool.Lane lane : lanes) {
            SourceStats s = lane.source().stats();
            long[] p = lane.latencyPercentiles();
            out.add(new CameraStats(lane.source().id(), s.state(), s.framesDecoded(), s.framesSkipped(),
                    s.framesDropped(), lane.analysed(), lane.errors(), s.connects(), s.failures(), p[0], p[1], p[2],
                    s.lastFrameAgeMillis()));
        }
        return out;
    }

    /** The sources, by camera id (for state and per-source stats). */
    public Map<String, FrameSource> sources() {
        Map<String, FrameSource> m = new LinkedHashMap<>();
        for (AnalysisPool.Lane lane : lanes) {
            m.put(lane.source().id(), lane.source());
        }
        return m;
    }

    /**
     * Stops every camera and the analysis pool and waits for their threads to end: handlers in progress finish
     * (up to 10 s, then they are interrupted); decode threads exit within about their read timeout. When this
     * returns no handler of this runner is running. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (AnalysisPool.Lane lane : lanes) { // signal all first so they stop in parallel
            if (lane.source() instanceof JavaCvFrameSource j) {
                j.signalClose();
            }
        }
        for (AnalysisPool.Lane lane : lanes) {
            lane.source().close();
        }
        for (AnalysisPool.Lane lane : lanes) {
            lane.close();
        }
        if (ownsPool) {
            pool.close();
        }
    }

    /** Builder for {@link CameraRunner}. */
    public static final class Builder {
        private final List<FrameSource> sources = new ArrayList<>();
        private final List<CameraConfig> configs = new ArrayList<>();
        private FrameHandler handler;
        private int threads = Runtime.getRuntime().availableProcessors();
        private SourceListener listener = SourceListener.NONE;
        private AnalysisPool pool;

        private Builder() {
        }

        /** Adds a camera, opened on JavaCV. */
        public Builder camera(CameraConfig config) {
            configs.add(Objects.requireNonNull(config, "config"));
            return this;
        }

        /** Adds a ready-made source (any implementation; the runner starts and closes it). */
        public Builder source(FrameSource source) {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** The per-frame work (required). */
        public Builder handler(FrameHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Analysis threads (default: available processors). */
        public Builder analysisThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("analysisThreads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Analyses on a pool shared with other runners (the venue runtime's); the caller starts and closes it. */
        Builder pool(AnalysisPool shared) {
            this.pool = Objects.requireNonNull(shared, "pool");
            return this;
        }

        /** Receives the state changes of the cameras added with {@link #camera(CameraConfig)}. */
        public Builder listener(SourceListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds the runner (not started). */
        public CameraRunner build() {
            if (handler == null) {
                throw new IllegalStateException("CameraRunner needs a handler: CameraRunner.custom().handler(frame -> ...)");
            }
            List<String> ids = new ArrayList<>();
            for (FrameSource s : sources) {
                ids.add(s.id());
            }
            for (CameraConfig c : configs) {
                ids.add(c.id());
            }
            for (int i = 0; i < ids.size(); i++) {
                if (ids.indexOf(ids.get(i)) != i) {
                    throw new IllegalArgumentException("Two cameras share the id '" + ids.get(i)
                            + "': give each a unique id (CameraConfig.Builder.id)");
                }
            }
            if (ids.isEmpty()) {
                throw new IllegalStateException("CameraRunner needs at least one camera: CameraRunner.custom().camera(config)");
            }
            return new CameraRunner(this);
        }
    }
}
