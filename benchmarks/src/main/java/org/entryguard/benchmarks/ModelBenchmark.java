package org.entryguard.benchmarks;

import org.entryguard.core.AgeEstimate;
import org.entryguard.core.AgeEstimator;
import org.entryguard.core.AgeModel;
import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
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

/** The two public SDK stages alone: {@link FaceDetector#detect} and {@link AgeEstimator#estimate}. */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ModelBenchmark {

    @State(Scope.Thread)
    public static class Detector {
        @Param({"640x480", "1280x720", "1920x1080"})
        public String resolution;
        @Param({"1", "2"})
        public int threads;

        FaceDetector detector;
        ImageFrame frame;

        @Setup
        public void setUp() {
            frame = BenchFrames.frame(resolution, 1);
            detector = Fixtures.detector(threads);
            Fixtures.faceBox(detector, frame, 1);
        }

        @TearDown
        public void tearDown() {
            detector.close();
        }
    }

    @State(Scope.Thread)
    public static class Estimator {
        @Param({"1", "2"})
        public int threads;
        /** The bundled age network: the door-tuned default or face-api's (same graph, other weights). */
        @Param({"DOOR", "FACE_API"})
        public String model;

        AgeEstimator estimator;
        ImageFrame frame;
        FaceBox box;

        @Setup
        public void setUp() {
            frame = BenchFrames.frame("1920x1080", 1);
            try (FaceDetector d = Fixtures.detector(1)) {
                box = Fixtures.faceBox(d, frame, 1);
            }
            estimator = AgeEstimator.custom().model(AgeModel.valueOf(model)).threads(threads).build();
        }

        @TearDown
        public void tearDown() {
            estimator.close();
        }
    }

    /** TinyFaceDetector(416) on a 1-face frame: resize + session.run + box decoding + NMS. */
    @Benchmark
    public List<Face> detector(Detector s) {
        return s.detector.detect(s.frame);
    }

    /** The default estimator on the face of the 1080p 1-face frame: landmarks, crop/pad/resize to 112, age net twice (mirror). */
    @Benchmark
    public AgeEstimate ageEstimator(Estimator s) {
        return s.estimator.estimate(s.frame, s.box);
    }
}
