package org.entryguard.camera;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.entryguard.camera.internal.JavaCvFrameSource;
import org.entryguard.camera.internal.LatencyWindow;
import org.entryguard.core.ImageFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(CameraRunner.class);
    private static final int IDLE = 0;
    private static final int QUEUED = 1;
    private static final int RUNNING = 2;
    private static final int RUNNING_PENDING = 3;

    private final List<Lane> lanes;
    private final FrameHandler handler;
    private final int threads;
    private final BlockingQueue<Lane> ready;
    private final Lane poison = new Lane(null);
    private final List<Thread> workers = new ArrayList<>();
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean closed;

    private CameraRunner(Builder b) {
        this.handler = b.handler;
        this.threads = b.threads;
        this.lanes = new ArrayList<>();
        for (FrameSource s : b.sources) {
            lanes.add(new Lane(s));
        }
        for (CameraConfig c : b.configs) {
            lanes.add(new Lane(new JavaCvFrameSource(c, b.listener)));
        }
        this.ready = new ArrayBlockingQueue<>(lanes.size() + threads);
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
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(this::work, "entryguard-analysis-" + i);
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
            for (Lane lane : lanes) {
                lane.source.onFrameReady(lane::signal);
                lane.source.start();
            }
        }
    }

    /** Number of analysis threads. */
    public int analysisThreads() {
        return threads;
    }

    /** Figures per camera, in the order the cameras were added. */
    public List<CameraStats> stats() {
        List<CameraStats> out = new ArrayList<>(lanes.size());
        for (Lane lane : lanes) {
            out.add(lane.stats());
        }
        return out;
    }

    /** The sources, by camera id (for state and per-source stats). */
    public Map<String, FrameSource> sources() {
        Map<String, FrameSource> m = new LinkedHashMap<>();
        for (Lane lane : lanes) {
            m.put(lane.source.id(), lane.source);
        }
        return m;
    }

    /**
     * Stops every camera and the analysis pool and waits for their threads to end: handlers in progress finish
     * (up to 10 s, then they are interrupted); decode threads exit within about their read timeout. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Lane lane : lanes) { // signal all first so they stop in parallel
            if (lane.source instanceof JavaCvFrameSource j) {
                j.signalClose();
            }
        }
        for (Lane lane : lanes) {
            lane.source.close();
        }
        for (int i = 0; i < workers.size(); i++) {
            ready.offer(poison);
        }
        for (Thread t : workers) {
            try {
                t.join(10_000);
                if (t.isAlive()) {
                    LOG.warn("Analysis thread {} still busy in the frame handler 10 s after close(); interrupting it",
                            t.getName());
                    t.interrupt();
                    t.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void work() {
        while (true) {
            Lane lane;
            try {
                lane = ready.take();
            } catch (InterruptedException e) {
                return;
            }
            if (lane == poison) {
                return;
            }
            lane.state.set(RUNNING);
            ImageFrame frame = lane.source.poll();
            if (frame != null) {
                lane.analyse(frame);
            }
            if (!lane.state.compareAndSet(RUNNING, IDLE)) {
                lane.state.set(QUEUED); // a newer frame arrived meanwhile: back of the queue (fairness)
                ready.offer(lane);
            }
        }
    }

    /** One camera's scheduling state and counters. */
    private final class Lane {
        final FrameSource source;
        final AtomicInteger state = new AtomicInteger(IDLE);
        final AtomicLong analysed = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final LatencyWindow latency = new LatencyWindow();
        private long lastErrorLogMillis;

        Lane(FrameSource source) {
            this.source = source;
        }

        /** Called on the decode thread after each publish. */
        void signal() {
            while (true) {
                int s = state.get();
                if (s == IDLE) {
                    if (state.compareAndSet(IDLE, QUEUED)) {
                        ready.offer(this);
                        return;
                    }
                } else if (s == RUNNING) {
                    if (state.compareAndSet(RUNNING, RUNNING_PENDING)) {
                        return;
                    }
                } else {
                    return; // already queued or pending
                }
            }
        }

        void analyse(ImageFrame frame) {
            try {
                handler.onFrame(frame);
            } catch (Exception | LinkageError | AssertionError e) {
                errors.incrementAndGet();
                long now = System.currentTimeMillis();
                if (now - lastErrorLogMillis > 10_000) { // at most one log line per camera per 10 s
                    lastErrorLogMillis = now;
                    LOG.warn("[{}] frame handler threw ({} errors so far)", source.id(), errors.get(), e);
                }
            }
            analysed.incrementAndGet();
            latency.record(Math.max(0, System.currentTimeMillis() - frame.timestampMillis()));
        }

        CameraStats stats() {
            SourceStats s = source.stats();
            long[] p = latency.percentiles();
            return new CameraStats(source.id(), s.state(), s.framesDecoded(), s.framesSkipped(), s.framesDropped(),
                    analysed.get(), errors.get(), s.connects(), s.failures(), p[0], p[1], p[2], s.lastFrameAgeMillis());
        }
    }

    /** Builder for {@link CameraRunner}. */
    public static final class Builder {
        private final List<FrameSource> sources = new ArrayList<>();
        private final List<CameraConfig> configs = new ArrayList<>();
        private FrameHandler handler;
        private int threads = Runtime.getRuntime().availableProcessors();
        private SourceListener listener = SourceListener.NONE;

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
