package org.entryguard.benchmarks;

import org.entryguard.core.FaceAnalysis;
import org.entryguard.core.FrameAnalyzer;
import org.entryguard.core.ImageFrame;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Detection plus age on every face of every frame ({@link FrameAnalyzer#analyze}), as one camera thread runs
 * it: the same work as the floor ({@link FloorBenchmark}) and as the Node peer, so {@code pipeline ÷ floor}
 * and {@code Node ÷ Java} compare like with like. The per-visit pipeline with tracking, quality gate, fusion
 * and rules ({@code EntranceGuard.process}) is {@link GuardBenchmark}.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PipelineBenchmark {

    @State(Scope.Thread)
    public static class Pipeline {
        @Param({"640x480", "1280x720", "1920x1080"})
        public String resolution;
        @Param({"0", "1", "5"})
        public int faces;
        @Param({"1", "2"})
        public int threads;
        /** {@code default}: the SDK default estimator (landmark crop + mirror, 3 model runs per face);
         *  {@code face-api}: {@code faceApiCompatible()}, one age run per face, what the floor runs. */
        @Param({"default"})
        public String estimator;

        FrameAnalyzer analyzer;
        ImageFrame frame;

        @Setup
        public void setUp() {
            frame = BenchFrames.frame(resolution, faces);
            analyzer = Fixtures.analyzer(threads, estimator);
            Fixtures.expectFaces(analyzer.analyze(frame).size(), faces, frame);
        }

        @TearDown
        public void tearDown() {
            analyzer.close();
        }
    }

    /** One frame through the SDK: what a camera thread pays per analysed frame. */
    @Benchmark
    public List<FaceAnalysis> pipeline(Pipeline s) {
        return s.analyzer.analyze(s.frame);
    }
}
