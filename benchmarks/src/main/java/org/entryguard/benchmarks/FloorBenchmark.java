package org.entryguard.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * The floor: bare ONNX Runtime {@code OrtSession.run} of the same two bundled models, read as resources, with the
 * same session options as the SDK (ALL_OPT, sequential, 1 inter-op thread), on the 1080p 1-face frame's pixels laid
 * out as the SDK's inputs (whole frame to 416², the face crop to 112²), outputs pinned (the cheapest way ORT's Java
 * API can be called).
 * Nothing of the SDK runs inside the timed region ({@link BareModels}). The SDK's overhead factor is measured
 * paired, frame by frame, in {@link OverheadBenchmark}.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FloorBenchmark {

    @State(Scope.Thread)
    public static class Floor {
        @Param({"1", "2"})
        public int threads;
        /** Detector input side; 416 as the SDK default. Try {@code -p detectorSize=320,416} for a smaller input's floor. */
        @Param({"416"})
        public int detectorSize;
        /**
         * ORT graph optimisation level of the floor's sessions: {@code ALL_OPT} is what the SDK uses; try
         * {@code -p optimization=NO_OPT,BASIC_OPT,EXTENDED_OPT,ALL_OPT} to see what the optimiser buys.
         */
        @Param({"ALL_OPT"})
        public String optimization;

        BareModels models;

        @Setup
        public void setUp() {
            models = new BareModels(BenchFrames.frame("1920x1080", 1), 1, detectorSize, threads, optimization);
        }

        @TearDown
        public void tearDown() {
            models.close();
        }
    }

    /** TinyFaceDetector session.run alone. */
    @Benchmark
    public float floorDetector(Floor s) {
        return s.models.detector();
    }

    /** AgeGenderNet 112×112 session.run alone. */
    @Benchmark
    public float floorAge(Floor s) {
        return s.models.age();
    }

    /** The model time of a 1-face frame: detector run + one age run, back to back. */
    @Benchmark
    public float floorDetectorPlusAge(Floor s) {
        return s.models.detector() + s.models.age();
    }
}
