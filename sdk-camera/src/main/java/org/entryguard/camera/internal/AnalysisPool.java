package org.entryguard.camera.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.entryguard.camera.FrameHandler;
import org.entryguard.camera.FrameSource;
import org.entryguard.core.ImageFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of analysis threads shared by any number of cameras, each camera a {@link Lane} with its own handler.
 *
 * <p>Why shared and not a thread per camera: on a small box with many cameras, a thread per camera means dozens of
 * runnable threads time-sliced over two cores, so every frame waits for all the others to progress (processor
 * sharing); a pool the size of the cores serves the frames one after the other in the order they became ready,
 * which for equal-sized jobs at the same load cuts the wait roughly in half, and keeps each model's working set in
 * one core's cache while it runs.
 *
 * <p>Scheduling is fair round-robin: a camera with a fresh frame joins the back of one ready queue, a worker takes
 * the camera at the front, analyses its newest frame and, if a newer one arrived meanwhile, puts the camera at the
 * back again. A fast camera cannot starve a slow one, one camera is never analysed on two threads at once, and when
 * analysis is slower than the cameras the stale frames are dropped by the source (counted), not queued.
 */
public final class AnalysisPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisPool.class);
    /** Cameras one pool serves at most; the ready queue is sized to it so offering never allocates. */
    public static final int MAX_LANES = 4096;
    private static final int IDLE = 0;
    private static final int QUEUED = 1;
    private static final int RUNNING = 2;
    private static final int RUNNING_PENDING = 3;

    private final int threads;
    private final String threadPrefix;
    private final BlockingQueue<Lane> ready;
    private final Lane poison = new Lane(null, null);
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger lanes = new AtomicInteger();
    private boolean started;
    private volatile boolean closed;

    /**
     * @param threads analysis threads, at least 1
     * @param threadPrefix their names' prefix (numbered from 0)
     */
    public AnalysisPool(int threads, String threadPrefix) {
        if (threads < 1) {
            throw new IllegalArgumentException("analysisThreads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.threadPrefix = Objects.requireNonNull(threadPrefix, "threadPrefix");
        this.ready = new ArrayBlockingQueue<>(MAX_LANES + threads);
    }

    /** Number of analysis threads. */
    public int threads() {
        return threads;
    }

    /** Starts the threads. Idempotent; a closed pool stays closed. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, threadPrefix + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Adds a camera: from now on each frame its source reports ready is analysed by {@code handler} on a pool thread.
     * The caller starts and closes the source; {@link Lane#close()} takes the camera out again.
     *
     * @throws IllegalStateException when the pool already serves {@value #MAX_LANES} cameras
     */
    public Lane add(FrameSource source, FrameHandler handler) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(handler, "handler");
        if (lanes.incrementAndGet() > MAX_LANES) {
            lanes.decrementAndGet();
            throw new IllegalStateException("one runner serves at most " + MAX_LANES
                    + " cameras: split them over several runners (gateways)");
        }
        Lane lane = new Lane(source, handler);
        source.onFrameReady(lane::signal);
        return lane;
    }

    /**
     * Stops the threads: handlers in progress finish (up to 10 s, then they are interrupted). The lanes' sources
     * are the callers' to close, before this. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
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
                if (closed) {
                    return;
                }
                continue; // a stuck handler of a closed lane was interrupted: the thread itself serves on
            }
            if (lane == poison) {
                return;
            }
            lane.runOnce();
        }
    }

    /** One camera in the pool: its scheduling state and counters. */
    public final class Lane {
        private final FrameSource source;
        private final FrameHandler handler;
        private final AtomicInteger state = new AtomicInteger(IDLE);
        private final AtomicLong analysed = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final LatencyWindow latency = new LatencyWindow();
        /** Held while the handler runs, so that {@link #close()} can wait for the frame in progress. */
        private final ReentrantLock running = new ReentrantLock();
        private volatile boolean removed;
        private volatile Thread runner;
        private long lastErrorLogMillis;

        private Lane(FrameSource source, FrameHandler handler) {
            this.source = source;
            this.handler = handler;
        }

        /** The camera's source. */
        public FrameSource source() {
            return source;
        }

        /** Frames handed to the handler. */
        public long analysed() {
            return analysed.get();
        }

        /** Handler calls that threw. */
        public long errors() {
            return errors.get();
        }

        /** {p50, p99, max} capture-to-handled milliseconds over the last 1024 frames; {-1, -1, -1} before any. */
        public long[] latencyPercentiles() {
            return latency.percentiles();
        }

        /** Called on the decode thread after each publish. */
        void signal() {
            while (true) {
                int s = state.get();
                if (s == IDLE) {
                    if (state.compareAndSet(IDLE, QUEUED)) {
                        if (!ready.offer(this)) { // cannot happen: the queue holds every lane once
                            state.set(IDLE);
                        }
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

        private void runOnce() {
            state.set(RUNNING);
            running.lock();
            try {
                if (removed) {
                    return; // leaves the lane out of the queue for good
                }
                runner = Thread.currentThread();
                ImageFrame frame = source.poll();
                if (frame != null) {
                    analyse(frame);
                }
            } finally {
                runner = null;
                running.unlock();
            }
            if (!state.compareAndSet(RUNNING, IDLE) && !removed) {
                state.set(QUEUED); // a newer frame arrived meanwhile: back of the queue (fairness)
                ready.offer(this);
            }
        }

        private void analyse(ImageFrame frame) {
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

        /**
         * Takes the camera out of the pool; when this returns its handler is not running and will not run again
         * (a handler still busy after 10 s is interrupted, and waited for 5 s more). Idempotent.
         */
        public void close() {
            if (removed) {
                return;
            }
            removed = true;
            lanes.decrementAndGet();
            if (running.isHeldByCurrentThread()) {
                return; // closed from inside its own handler
            }
            try {
                if (!running.tryLock(10, TimeUnit.SECONDS)) {
                    Thread t = runner;
                    LOG.warn("[{}] frame handler still busy 10 s after close(); interrupting it", source.id());
                    if (t != null) {
                        t.interrupt();
                    }
                    if (!running.tryLock(5, TimeUnit.SECONDS)) {
                        return;
                    }
                }
                running.unlock();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
