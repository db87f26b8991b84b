package org.entryguard.camera.internal;

import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.entryguard.camera.CameraConfig;
import org.entryguard.camera.FrameSource;
import org.entryguard.camera.SourceEvent;
import org.entryguard.camera.SourceListener;
import org.entryguard.camera.SourceProblem;
import org.entryguard.camera.SourceState;
import org.entryguard.camera.SourceStats;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FrameSource} over a JavaCV grabber, with its own decode thread: open (with FFmpeg timeouts),
 * stream into a {@link LatestFrameExchange}, detect stalls, back off and reopen, report every state change.
 */
public final class JavaCvFrameSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(JavaCvFrameSource.class);
    /** Extra time close() waits beyond the FFmpeg timeouts before giving up on the decode thread. */
    private static final long CLOSE_GRACE_MILLIS = 2000;

    private final CameraConfig config;
    private final SourceListener listener;
    private final Function<CameraConfig, FrameGrabber> grabbers;
    private final Random random;
    private final LatestFrameExchange exchange = new LatestFrameExchange();
    private final RatePacer pacer;
    private final PlaybackClock playback = new PlaybackClock();
    private final StreamClock streamClock = new StreamClock();
    private final Object stateLock = new Object();

    private volatile SourceState state = SourceState.CONNECTING;
    private boolean announced; // guarded by stateLock: the first event has previous == null
    private volatile boolean closing;
    private volatile Thread thread;
    private boolean started;

    // written by the decode thread only, read by stats()
    private volatile long framesDecoded;
    private volatile long framesSkipped;
    private volatile long connects;
    private volatile long failures;
    private volatile long lastFrameNanos;
    private volatile int width;
    private volatile int height;

    /** A source on the default grabbers. */
    public JavaCvFrameSource(CameraConfig config, SourceListener listener) {
        this(config, listener, GrabberFactory::create, new Random());
    }

    /** A source with a custom grabber factory and random generator (tests). */
    public JavaCvFrameSource(CameraConfig config, SourceListener listener,
                             Function<CameraConfig, FrameGrabber> grabbers, Random random) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = listener == null ? SourceListener.NONE : listener;
        this.grabbers = Objects.requireNonNull(grabbers, "grabbers");
        this.random = Objects.requireNonNull(random, "random");
        this.pacer = new RatePacer(config.targetFps());
    }

    @Override
    public String id() {
        return config.id();
    }

    /** The configuration this source was opened with. */
    public CameraConfig config() {
        return config;
    }

    @Override
    public void start() {
        synchronized (stateLock) {
            if (started || closing) {
                return;
            }
            started = true;
            Thread t = new Thread(this::run, "entryguard-decode-" + config.id());
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    @Override
    public ImageFrame poll() {
        return toFrame(exchange.poll());
    }

    @Override
    public ImageFrame take(long timeout, TimeUnit unit) throws InterruptedException {
        return toFrame(exchange.take(timeout, unit));
    }

    @Override
    public void onFrameReady(Runnable callback) {
        exchange.onPublish(callback);
    }

    @Override
    public SourceState state() {
        return state;
    }

    @Override
    public SourceStats stats() {
        long last = lastFrameNanos;
        return new SourceStats(config.id(), state, framesDecoded, framesSkipped, exchange.published(),
                exchange.taken(), exchange.dropped(), connects, failures,
                last == 0 ? -1 : (System.nanoTime() - last) / 1_000_000, width, height);
    }

    /** Asks the decode thread to stop without waiting (see {@link #close()}). */
    public void signalClose() {
        closing = true;
        exchange.close();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt(); // wakes backoff and playback waits; native FFmpeg calls return by their timeouts
        }
    }

    @Override
    public void close() {
        signalClose();
        Thread t = thread;
        if (t == null) {
            synchronized (stateLock) {
                started = true; // never start after close
            }
            transition(SourceState.CLOSED, null, "closed before start", 0, 0, null);
            return;
        }
        if (t == Thread.currentThread()) {
            return; // closed from a listener: the loop exits on its own
        }
        long waitMillis = config.openTimeout().toMillis() + config.readTimeout().toMillis() + CLOSE_GRACE_MILLIS;
        try {
            t.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!t.isAlive()) {
            transition(SourceState.CLOSED, null, "closed", 0, 0, null);
        } else {
            LOG.warn("[{}] decode thread still inside FFmpeg {} ms after close(); it is a daemon and exits when"
                    + " FFmpeg returns (a peer that keeps sending bytes without a valid answer can hold an open"
                    + " attempt past its timeout)", config.id(), waitMillis);
        }
    }

    /** Whether the decode thread has exited (or never started). */
    public boolean isTerminated() {
        Thread t = thread;
        return t == null || !t.isAlive();
    }

    // ---------------------------------------------------------------------------------------------------
    // decode thread

    private void run() {
        FfmpegLog.install();
        int consecutiveFailures = 0;
        try {
            while (!closing) {
                transition(SourceState.CONNECTING, null,
                        "opening " + config.redactedUrl() + (consecutiveFailures > 0 ? " (attempt " + (consecutiveFailures + 1) + ")" : ""),
                        consecutiveFailures + 1, 0, null);
                Outcome outcome = attempt(consecutiveFailures + 1);
                if (closing) {
                    break;
                }
                if (outcome.framesThisAttempt > 0) {
                    consecutiveFailures = 0;
                }
                if (outcome.endOfFile) {
                    if (config.loop()) {
                        continue;
                    }
                    transition(SourceState.ENDED, null, config.redactedUrl() + ": end of file", 0, 0, null);
                    return;
                }
                consecutiveFailures++;
                failures++;
                FailureDiagnosis d = outcome.diagnosis;
                int max = config.reconnect().maxAttempts();
                if (d.problem().isPermanent() || (max > 0 && consecutiveFailures >= max)) {
                    String why = d.problem().isPermanent() ? d.reason()
                            : d.reason() + " Giving up after " + consecutiveFailures + " failed attempt"
                              + (consecutiveFailures == 1 ? "" : "s") + " (reconnect.maxAttempts=" + max + ").";
                    transition(SourceState.FAILED, d.problem(), why, consecutiveFailures, 0, outcome.cause);
                    return;
                }
                long delay = config.reconnect().delayMillis(consecutiveFailures, random.nextDouble());
                transition(SourceState.RECONNECTING, d.problem(), d.reason(), consecutiveFailures, Math.max(1, delay),
                        outcome.cause);
                sleepMillis(delay);
            }
        } catch (Throwable t) {
            LOG.error("[{}] decode thread crashed", config.id(), t);
            transition(SourceState.FAILED, SourceProblem.IO_ERROR, config.redactedUrl()
                    + ": internal error in the decode loop: " + t + ". Fix: report this as a bug.", 0, 0, t);
        } finally {
            exchange.close();
            if (closing) {
                transition(SourceState.CLOSED, null, "closed", 0, 0, null);
            }
        }
    }

    /** One open + stream cycle; always releases the grabber. */
    private Outcome attempt(int attemptNumber) {
        FrameGrabber grabber = null;
        long t0 = System.nanoTime();
        FfmpegLog.clear();
        try {
            grabber = grabbers.apply(config);
            GrabberFactory.start(grabber);
            if (closing) {
                return Outcome.closing();
            }
            if (grabber instanceof FFmpegFrameGrabber ff && !ff.hasVideo()) {
                return Outcome.failed(FailureDiagnosis.noVideo(config), null, 0);
            }
            connects++;
            return stream(grabber, t0);
        } catch (Exception | LinkageError e) {
            if (closing) {
                return Outcome.closing();
            }
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            return Outcome.failed(FailureDiagnosis.ofOpen(e, FfmpegLog.lastError(), config, elapsed), redacted(e), 0);
        } finally {
            release(grabber);
        }
    }

    private Outcome stream(FrameGrabber grabber, long openStartNanos) {
        FFmpegFrameGrabber ff = grabber instanceof FFmpegFrameGrabber f ? f : null;
        long readTimeoutNanos = config.readTimeout().toNanos();
        long socketTimeoutNanos = config.socketTimeoutMicros() * 1000;
        long lastImage = System.nanoTime();
        long frames = 0;
        pacer.reset();
        playback.reset();
        streamClock.reset();
        boolean live = ff != null && !config.isFile();
        long paceNanos = 0; // live: the last frame's stream time, so frames are picked by the video's clock
        while (!closing) {
            boolean want = pacer.wantNext(live && paceNanos != 0 ? paceNanos : System.nanoTime());
            long before = System.nanoTime();
            Frame frame;
            try {
                frame = ff != null ? ff.grabFrame(false, true, want, false, false) : grabber.grab();
            } catch (Exception e) {
                if (closing) {
                    break;
                }
                return Outcome.failed(FailureDiagnosis.readError(config, e), redacted(e), frames);
            }
            long now = System.nanoTime();
            if (frame == null) {
                if (closing) {
                    break;
                }
                if (config.isFile()) {
                    if (frames == 0) {
                        return Outcome.failed(FailureDiagnosis.noVideo(config), null, frames);
                    }
                    if (config.loop() && ff != null && rewind(ff)) {
                        playback.reset();
                        continue;
                    }
                    return Outcome.endOfFile(frames);
                }
                // JavaCV returns null both for a timeout and for EOF; the time spent tells them apart
                boolean timedOut = now - before >= socketTimeoutNanos * 9 / 10;
                long silent = (now - lastImage) / 1_000_000;
                FailureDiagnosis d = FailureDiagnosis.stalled(config, silent, !timedOut, FfmpegLog.lastError());
                if (frames > 0) {
                    transition(SourceState.STALLED, d.problem(), d.reason(), 0, 0, null);
                }
                return Outcome.failed(d, null, frames);
            }
            if (!config.isFile() && now - before >= socketTimeoutNanos * 9 / 10) {
                // a read timed out and JavaCV flushed a frame buffered in the decoder: the stream is stalled
                FailureDiagnosis d = FailureDiagnosis.stalled(config, (now - lastImage) / 1_000_000, false,
                        FfmpegLog.lastError());
                transition(SourceState.STALLED, d.problem(), d.reason(), 0, 0, null);
                return Outcome.failed(d, null, frames);
            }
            if (ff == null && frame.image == null) {
                if (now - lastImage > readTimeoutNanos) {
                    FailureDiagnosis d = FailureDiagnosis.stalled(config, (now - lastImage) / 1_000_000, false, null);
                    transition(SourceState.STALLED, d.problem(), d.reason(), 0, 0, null);
                    return Outcome.failed(d, null, frames);
                }
                continue;
            }
            framesDecoded++;
            lastImage = now;
            lastFrameNanos = now;
            frames++;
            if (frames == 1) {
                width = grabber.getImageWidth();
                height = grabber.getImageHeight();
                transition(SourceState.STREAMING, null, describeStream(grabber, (now - openStartNanos) / 1_000_000),
                        0, 0, null);
            }
            if (config.isFile() && config.realtime()) {
                long wait = playback.waitNanos(frame.timestamp, now);
                if (wait > 0 && !sleepNanos(wait)) {
                    break;
                }
            }
            long frameMillis = System.currentTimeMillis() - (System.nanoTime() - now) / 1_000_000;
            if (live) {
                frameMillis = streamClock.frameMillis(frame.timestamp, frameMillis);
                paceNanos = frameMillis * 1_000_000L;
            }
            if (!pacer.arrived(live ? paceNanos : now, want)) {
                framesSkipped++;
                continue;
            }
            FrameSlot slot = exchange.writeSlot();
            try {
                FrameCopier.copy(frame, slot);
            } catch (IllegalStateException e) {
                FailureDiagnosis d = new FailureDiagnosis(SourceProblem.UNSUPPORTED_CODEC,
                        config.redactedUrl() + ": " + e.getMessage() + ". Fix: " + SourceProblem.UNSUPPORTED_CODEC.fix());
                return Outcome.failed(d, e, frames);
            }
            slot.timestampMillis = frameMillis;
            width = slot.width;
            height = slot.height;
            exchange.publish();
        }
        return Outcome.closing();
    }

    /** Seeks a looping file back to its start; false if the file cannot seek (then it is reopened). */
    private boolean rewind(FFmpegFrameGrabber ff) {
        try {
            ff.setTimestamp(0);
            return true;
        } catch (Exception e) {
            LOG.debug("[{}] cannot seek to the start, reopening", config.id(), e);
            return false;
        }
    }

    private String describeStream(FrameGrabber g, long millis) {
        StringBuilder sb = new StringBuilder(config.redactedUrl()).append(": streaming, first frame after ")
                .append(millis).append(" ms (").append(g.getImageWidth()).append('x').append(g.getImageHeight());
        if (g instanceof FFmpegFrameGrabber ff) {
            sb.append(' ').append(ff.getVideoCodecName());
            double fps = ff.getVideoFrameRate();
            if (fps > 0) {
                sb.append(String.format(java.util.Locale.ROOT, " %.1f fps", fps));
            }
        }
        if (config.targetFps() > 0) {
            sb.append(", analysing ").append(config.targetFps()).append(" fps");
        }
        return sb.append(')').toString();
    }

    private ImageFrame toFrame(FrameSlot slot) {
        if (slot == null) {
            return null;
        }
        return ImageFrame.of(slot.data, slot.width, slot.height, slot.width * 3, PixelFormat.BGR,
                slot.timestampMillis, config.id());
    }

    private void transition(SourceState next, SourceProblem problem, String reason, int attempt, long retryIn,
                            Throwable cause) {
        SourceState prev;
        synchronized (stateLock) {
            prev = announced ? state : null;
            announced = true;
            if (prev == SourceState.CLOSED || (prev == next && next != SourceState.RECONNECTING && next != SourceState.CONNECTING)) {
                return;
            }
            if (prev != null && prev.isTerminal() && next != SourceState.CLOSED) {
                return;
            }
            state = next;
        }
        SourceEvent event = new SourceEvent(config.id(), next, prev, problem, reason, attempt, retryIn,
                System.currentTimeMillis(), cause);
        log(event);
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("[{}] source listener threw on {}", config.id(), next, e);
        }
    }

    private static void log(SourceEvent e) {
        switch (e.state()) {
            case CONNECTING -> LOG.debug("{}", e);
            case STREAMING, CLOSED, ENDED -> LOG.info("{}", e);
            case STALLED, RECONNECTING -> LOG.warn("{}", e);
            case FAILED -> LOG.error("{}", e);
        }
    }

    private void release(FrameGrabber grabber) {
        if (grabber == null) {
            return;
        }
        try {
            GrabberFactory.release(grabber);
        } catch (Exception | LinkageError e) {
            LOG.debug("[{}] releasing the grabber failed", config.id(), e);
        }
    }

    private Throwable redacted(Throwable e) {
        String url = config.url();
        String msg = e.getMessage();
        if (url == null || msg == null || !msg.contains(url) || url.equals(config.redactedUrl())) {
            return e;
        }
        Exception copy = new Exception(e.getClass().getName() + ": " + msg.replace(url, config.redactedUrl()));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private void sleepMillis(long millis) {
        sleepNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Sleeps unless closing; returns false if closing. */
    private boolean sleepNanos(long nanos) {
        if (closing) {
            return false;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            // close() interrupts to wake us; the flag is not needed beyond this point
        }
        return !closing;
    }

    private record Outcome(FailureDiagnosis diagnosis, Throwable cause, long framesThisAttempt, boolean endOfFile) {
        static Outcome closing() {
            return new Outcome(null, null, 0, false);
        }

        static Outcome endOfFile(long frames) {
            return new Outcome(null, null, frames, true);
        }

        static Outcome failed(FailureDiagnosis d, Throwable cause, long frames) {
            return new Outcome(d, cause, frames, false);
        }
    }
}
