package org.entryguard.benchmarks;

import org.entryguard.core.AgeEstimator;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.FrameAnalyzer;
import org.entryguard.core.ImageFrame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sustained capacity: how many cameras a box keeps up with at a target analysis rate. Not a JMH benchmark on
 * purpose: the question is a rate held over time with frames arriving on a clock, not the time of one call.
 *
 * <p>Each simulated camera delivers a frame every {@code 1/fps} s (start times staggered) into a one-slot
 * mailbox: a frame that is still waiting when the next one arrives is replaced and counted as dropped
 * (newest-frame-wins, as {@code sdk-camera}'s {@code CameraRunner} does). A fixed pool of analysis threads
 * takes cameras with a waiting frame, never one camera on two threads at once, and runs the worst case per
 * frame: {@link FrameAnalyzer#analyze} (detect + age every face every frame; {@code EntranceGuard} skips the age
 * model for decided visitors and is cheaper). All cameras share one loaded model ({@code newInstance()}).
 * Decoding is not included (the gateway soak in issue 4 measures decode + analysis on real RTSP streams).
 *
 * <pre>java -cp benchmarks.jar org.entryguard.benchmarks.ScaleProbe [--resolution 1920x1080] [--faces 1] [--fps 5]
 *     [--threads 2] [--seconds 20] [--cameras 2,4,8,...] [--estimator default|face-api] [--out results/scale.json]</pre>
 *
 * A camera count is <em>sustained</em> when every camera gets ≥ 95 % of the target rate and p99 latency (frame
 * arrival → result) stays under one frame interval.
 */
public final class ScaleProbe {
    private ScaleProbe() {
    }

    /** One simulated camera. */
    private static final class Cam {
        final FrameAnalyzer analyzer;
        final AtomicReference<Long> waiting = new AtomicReference<>(); // arrival time of the waiting frame
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicLong arrived = new AtomicLong();
        final AtomicLong analysed = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();

        Cam(FrameAnalyzer analyzer) {
            this.analyzer = analyzer;
        }
    }

    /** Result of one camera count. */
    record Row(int cameras, double targetFps, double analysedFpsMin, double analysedFpsMean, double droppedPct,
               double p50Ms, double p99Ms, double cpuBusyPct, boolean sustained) { }

    public static void main(String[] args) throws Exception {
        String resolution = "1920x1080";
        int faces = 1;
        double fps = 5;
        int threads = Runtime.getRuntime().availableProcessors();
        int seconds = 20;
        String estimator = "default";
        int[] counts = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--resolution" -> { resolution = v; i++; }
                case "--faces" -> { faces = Integer.parseInt(v); i++; }
                case "--fps" -> { fps = Double.parseDouble(v); i++; }
                case "--threads" -> { threads = Integer.parseInt(v); i++; }
                case "--seconds" -> { seconds = Integer.parseInt(v); i++; }
                case "--estimator" -> { estimator = v; i++; }
                case "--cameras" -> { counts = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray(); i++; }
                case "--out" -> { out = Path.of(v); i++; }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; see the class Javadoc of org.entryguard.benchmarks.ScaleProbe for the options");
            }
        }
        if (counts == null) {
            counts = new int[] {2, 4, 8, 12, 16, 20, 24, 28, 32};
        }
        ImageFrame frame = BenchFrames.frame(resolution, faces);
        FaceDetector det = Fixtures.detector(1);
        AgeEstimator est = estimator.equals("face-api") ? AgeEstimator.custom().faceApiCompatible().build() : Fixtures.estimator(1);
        Fixtures.expectFaces(FrameAnalyzer.custom().detector(det.newInstance()).estimator(est.newInstance()).build().analyze(frame).size(),
                faces, frame);
        System.out.printf(Locale.ROOT, "scale probe: %s, %d face(s), target %.1f analysed frames/s per camera, %d analysis threads, "
                + "%d s per step, estimator %s, %d cores%n", resolution, faces, fps, threads, seconds, estimator,
                Runtime.getRuntime().availableProcessors());
        System.out.println("cameras | analysed fps/camera (min / mean) | dropped | latency p50 / p99 ms | analysis busy | sustained");
        List<Row> rows = new ArrayList<>();
        for (int n : counts) {
            Row r = step(n, frame, det, est, fps, threads, seconds);
            rows.add(r);
            System.out.printf(Locale.ROOT, "%7d | %6.2f / %6.2f | %5.1f %% | %6.1f / %6.1f | %5.1f %% | %s%n", r.cameras(), r.analysedFpsMin(),
                    r.analysedFpsMean(), r.droppedPct(), r.p50Ms(), r.p99Ms(), r.cpuBusyPct(), r.sustained() ? "yes" : "no");
            if (!r.sustained() && rows.size() >= 2 && !rows.get(rows.size() - 2).sustained()) {
                break; // two failures in a row: past capacity
            }
        }
        det.close();
        est.close();
        int best = rows.stream().filter(Row::sustained).mapToInt(Row::cameras).max().orElse(0);
        System.out.printf(Locale.ROOT, "sustained: %d cameras at %.1f fps on %d threads = %.1f cameras per core%n", best, fps, threads,
                (double) best / threads);
        if (out != null) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "{\"resolution\":\"%s\",\"faces\":%d,\"fps\":%.2f,\"threads\":%d,\"seconds\":%d,"
                    + "\"estimator\":\"%s\",\"sustainedCameras\":%d,\"rows\":[", resolution, faces, fps, threads, seconds, estimator, best));
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"cameras\":%d,\"analysedFpsMin\":%.3f,\"analysedFpsMean\":%.3f,\"droppedPct\":%.2f,\"p50Ms\":%.2f,"
                                + "\"p99Ms\":%.2f,\"busyPct\":%.1f,\"sustained\":%b}", r.cameras(), r.analysedFpsMin(), r.analysedFpsMean(),
                        r.droppedPct(), r.p50Ms(), r.p99Ms(), r.cpuBusyPct(), r.sustained()));
            }
            sb.append("]}\n");
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, sb.toString());
        }
    }

    private static void submit(ExecutorService pool, Runnable r) {
        try {
            pool.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the step is over: the pool is shutting down
        }
    }

    private static Row step(int n, ImageFrame frame, FaceDetector det, AgeEstimator est, double fps, int threads, int seconds)
            throws InterruptedException, IOException {
        List<Cam> cams = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cams.add(new Cam(FrameAnalyzer.custom().detector(det.newInstance()).estimator(est.newInstance()).build()));
        }
        long periodNanos = (long) (1e9 / fps);
        long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) (n * fps * (seconds + 5) * 2 + 1024))];
        AtomicLong latencyCount = new AtomicLong();
        AtomicLong busyNanos = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        Runnable[] drain = new Runnable[n];
        for (int i = 0; i < n; i++) {
            Cam c = cams.get(i);
            drain[i] = new Runnable() {
                @Override
                public void run() {
                    Long arrivedAt = c.waiting.getAndSet(null);
                    if (arrivedAt != null) {
                        long t0 = System.nanoTime();
                        c.analyzer.analyze(frame);
                        long t1 = System.nanoTime();
                        if (measuring.get()) {
                            c.analysed.incrementAndGet();
                            busyNanos.addAndGet(t1 - t0);
                            long k = latencyCount.getAndIncrement();
                            if (k < latencies.length) {
                                latencies[(int) k] = t1 - arrivedAt;
                            }
                        }
                    }
                    c.running.set(false);
                    if (c.waiting.get() != null && c.running.compareAndSet(false, true)) {
                        submit(pool, this); // a frame arrived while this one ran
                    }
                }
            };
            int cam = i;
            clock.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                Long previous = c.waiting.getAndSet(now);
                if (measuring.get()) {
                    c.arrived.incrementAndGet();
                    if (previous != null) {
                        c.dropped.incrementAndGet();
                    }
                }
                if (c.running.compareAndSet(false, true)) {
                    submit(pool, drain[cam]);
                }
            }, periodNanos * i / n, periodNanos, TimeUnit.NANOSECONDS);
        }
        Thread.sleep(3000); // warm-up: JIT, buffers, first frames
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        clock.shutdownNow();
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        double min = Double.MAX_VALUE;
        double sum = 0;
        long arrived = 0;
        long dropped = 0;
        for (Cam c : cams) {
            double f = c.analysed.get() / elapsed;
            min = Math.min(min, f);
            sum += f;
            arrived += c.arrived.get();
            dropped += c.dropped.get();
            c.analyzer.close();
            c.analyzer.detector().close(); // passed in: the caller closes them
            c.analyzer.estimator().close();
        }
        int m = (int) Math.min(latencies.length, latencyCount.get());
        long[] lat = Arrays.copyOf(latencies, m);
        Arrays.sort(lat);
        double p50 = m == 0 ? Double.NaN : lat[m / 2] / 1e6;
        double p99 = m == 0 ? Double.NaN : lat[Math.min(m - 1, (int) (m * 0.99))] / 1e6;
        double busy = 100.0 * busyNanos.get() / 1e9 / (elapsed * threads);
        boolean sustained = min >= 0.95 * fps && p99 <= periodNanos / 1e6;
        return new Row(n, fps, min, sum / n, arrived == 0 ? 0 : 100.0 * dropped / arrived, p50, p99, busy, sustained);
    }
}
