package org.entryguard.benchmarks;

import org.entryguard.core.AgeEstimator;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.FrameAnalyzer;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.guard.EntranceGuard;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The SDK's overhead over the bare models, measured <em>paired</em>: every invocation runs one frame through
 * {@link FrameAnalyzer#analyze} and then, right after, the bare {@code OrtSession.run} calls that the frame needs
 * (the floor: detector, plus per face the landmark net and the age net once or twice as the estimator does), each
 * timed with {@link System#nanoTime}. On a shared VM the speed of the host drifts by 20–40 % over minutes, so
 * {@code PipelineBenchmark ÷ FloorBenchmark} from two separate JMH runs mixes that drift into the ratio; the
 * paired ratio does not.
 *
 * <p>The score JMH prints is the time of both halves together. The figures that count are written at the end of
 * the trial to {@code overhead-<estimator>.json} under {@code -Dentryguard.results} (default
 * {@code benchmarks/results}) and printed: p50 of the pipeline half, p50 of the floor half, and the p50 of the
 * per-pair ratio, over the measurement iterations only.
 *
 * <p>The floor's landmark run is fed the age net's input (same shape, values don't change a conv net's cost).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class OverheadBenchmark {
    @Param({"1920x1080"})
    public String resolution;
    @Param({"1"})
    public int faces;
    /**
     * {@code face-api}: {@code FrameAnalyzer} with {@code faceApiCompatible()} (age once per face);
     * {@code default}: {@code FrameAnalyzer} with the default estimator (landmarks + age twice per face);
     * {@code guard}: {@code EntranceGuard.process} (KTV, 10 fps door scene, default estimator), whose floor is the
     * detector plus the model runs of the age estimates it actually made on that frame (none once decided).
     */
    @Param({"face-api", "default", "guard"})
    public String estimator;

    private static final int MAX = 1 << 16;

    private FrameAnalyzer analyzer;
    private EntranceGuard guard;
    private FaceDetector guardDetector;
    private AgeEstimator guardEstimator;
    private long t;
    private int lastAgeRuns;
    private ImageFrame frame;
    private BareModels bare;
    private float floorSink;
    private boolean landmarks;
    private int agePasses;

    private final long[] pipeNs = new long[MAX];
    private final long[] floorNs = new long[MAX];
    private int n;
    private int iterationStart;

    @Setup(Level.Trial)
    public void setUp() {
        frame = BenchFrames.frame(resolution, faces);
        if (estimator.equals("guard")) {
            guardDetector = Fixtures.detector(1);
            guardEstimator = Fixtures.estimator(1);
            guard = EntranceGuard.custom(VenueRules.ofDefaults(VenueType.KTV)).detector(guardDetector)
                    .estimator(guardEstimator).cameraId("bench-door").build();
            t = ZonedDateTime.of(2025, 7, 19, 21, 0, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
        } else {
            analyzer = Fixtures.analyzer(1, estimator);
            Fixtures.expectFaces(analyzer.analyze(frame).size(), faces, frame);
        }
        landmarks = !estimator.equals("face-api");
        agePasses = landmarks ? 2 : 1;

        bare = new BareModels(frame, faces, Fixtures.DETECTOR_SIZE, 1, "ALL_OPT");
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        iterationStart = n;
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        if (params.getType() == IterationType.WARMUP) {
            n = iterationStart; // keep measurement pairs only
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (analyzer != null) {
            analyzer.close();
        } else {
            guard.close(); // closes only what it made itself: the detector and estimator given to it are ours
            guardDetector.close();
            guardEstimator.close();
        }
        bare.close();
        if (n == 0) {
            return;
        }
        double[] ratio = new double[n];
        for (int i = 0; i < n; i++) {
            ratio[i] = (double) pipeNs[i] / floorNs[i];
        }
        double pipeP50 = p50(Arrays.copyOf(pipeNs, n)) / 1e6;
        double floorP50 = p50(Arrays.copyOf(floorNs, n)) / 1e6;
        Arrays.sort(ratio);
        double ratioP50 = ratio[n / 2];
        double ratioP10 = ratio[n / 10];
        double ratioP90 = ratio[(int) (n * 0.9)];
        String json = String.format(Locale.ROOT,
                "{\"estimator\":\"%s\",\"resolution\":\"%s\",\"faces\":%d,\"pairs\":%d,\"pipelineP50Ms\":%.3f,"
                        + "\"floorP50Ms\":%.3f,\"ratioOfP50s\":%.4f,\"pairedRatioP50\":%.4f,\"pairedRatioP10\":%.4f,"
                        + "\"pairedRatioP90\":%.4f}%n",
                estimator, resolution, faces, n, pipeP50, floorP50, pipeP50 / floorP50, ratioP50, ratioP10, ratioP90);
        System.out.print("OVERHEAD " + json);
        Path dir = Path.of(System.getProperty("entryguard.results", "benchmarks/results"));
        if (Files.isDirectory(dir)) {
            Files.writeString(dir.resolve("overhead-" + estimator + "-" + resolution + "-" + faces + ".json"), json);
        }
    }

    private static double p50(long[] v) {
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /**
     * One frame through the SDK and the same frame's bare model runs, both halves timed; the order alternates
     * between invocations so neither half always runs on the caches the other left behind.
     */
    @Benchmark
    public void paired(Blackhole bh) {
        // the guard's floor depends on what it just did (age runs or not), so it is always measured after
        boolean floorFirst = (n & 1) == 1 && guard == null;
        long f0 = floorFirst ? floor() : 0;
        long t0 = System.nanoTime();
        if (guard != null) {
            long before = guard.ageEstimates();
            t += 100;
            bh.consume(guard.process(frame.withTimestamp(t, "bench-door")));
            lastAgeRuns = (int) (guard.ageEstimates() - before);
        } else {
            bh.consume(analyzer.analyze(frame));
        }
        long pipe = System.nanoTime() - t0;
        long fl = floorFirst ? f0 : floor();
        if (n < MAX) {
            pipeNs[n] = pipe;
            floorNs[n] = fl;
            n++;
        }
        bh.consume(floorSink);
    }

    /** The bare runs this frame needs; returns their time in ns. */
    private long floor() {
        long start = System.nanoTime();
        float sink = bare.detector();
        int aged = guard != null ? lastAgeRuns : faces;
        for (int f = 0; f < aged; f++) {
            if (landmarks) {
                sink += bare.landmarks();
            }
            for (int p = 0; p < agePasses; p++) {
                sink += bare.age();
            }
        }
        long dt = System.nanoTime() - start;
        floorSink += sink;
        return dt;
    }
}
