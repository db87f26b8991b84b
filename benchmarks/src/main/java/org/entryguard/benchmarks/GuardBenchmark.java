package org.entryguard.benchmarks;

import org.entryguard.core.AgeEstimator;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.guard.EntranceGuard;
import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The per-visit pipeline, {@link EntranceGuard#process}: detect → track → quality → age (only for shots that
 * make a track's best K) → fusion → rules → decision. The camera sees the same scene at 10 frames/s (the
 * timestamp advances 100 ms per call), i.e. people standing at the door: after their first good shots the age
 * model stops running and each frame costs detection + tracking + quality. How often the age model ran is
 * printed at the end of each trial ({@code EG-GUARD-STATS} lines in jmh.txt, read by the report).
 * {@link PipelineBenchmark} is the other end: detection + age on every face of every frame.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GuardBenchmark {

    @State(Scope.Thread)
    public static class Guard {
        @Param({"640x480", "1280x720", "1920x1080"})
        public String resolution;
        @Param({"0", "1", "5"})
        public int faces;

        FaceDetector detector;
        AgeEstimator estimator;
        EntranceGuard guard;
        ImageFrame frame;
        long t;
        long frames;
        long decisions;

        @Setup
        public void setUp() {
            frame = BenchFrames.frame(resolution, faces);
            detector = Fixtures.detector(1);
            estimator = Fixtures.estimator(1);
            Fixtures.expectFaces(detector.detect(frame).size(), faces, frame);
            guard = EntranceGuard.custom(VenueRules.ofDefaults(VenueType.KTV)).detector(detector).estimator(estimator)
                    .cameraId("bench-door").build();
            // a Saturday evening in Shanghai, opening hours or not
            t = ZonedDateTime.of(2025, 7, 19, 21, 0, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
        }

        @TearDown
        public void tearDown() {
            System.out.printf("%nEG-GUARD-STATS resolution=%s faces=%d frames=%d ageEstimates=%d decisions=%d%n",
                    resolution, faces, frames, guard.ageEstimates(), decisions);
            guard.close();
            detector.close();
            estimator.close();
        }
    }

    /** One 10 fps frame of a door scene through the whole per-visit pipeline. */
    @Benchmark
    public List<EntryDecision> guard(Guard s) {
        s.t += 100;
        s.frames++;
        List<EntryDecision> d = s.guard.process(s.frame.withTimestamp(s.t, "bench-door"));
        s.decisions += d.size();
        return d;
    }
}
