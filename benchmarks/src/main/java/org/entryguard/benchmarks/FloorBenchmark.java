package org.entryguard.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.entryguard.core.DetectorModel;
import org.entryguard.core.FaceBox;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.internal.AgeGenderEstimator;
import org.entryguard.core.internal.FloatTensor;
import org.entryguard.core.internal.OnnxModel;
import org.entryguard.core.internal.TinyFaceDetector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The floor: bare ONNX Runtime {@code OrtSession.run} of the same two models, with the same session options
 * as the SDK ({@link OnnxModel#loadResource}: ALL_OPT, sequential, 1 inter-op thread), on the very tensors the
 * SDK fed them for the 1080p 1-face frame, outputs pinned (the cheapest way ORT's Java API can be called).
 * Nothing of the SDK runs inside the timed region. {@code pipeline ÷ floorDetectorPlusAge} is the SDK's
 * overhead factor.
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

        OnnxModel detModel;
        OnnxModel ageModel;
        FloatTensor detIn;
        FloatTensor detOut;
        FloatTensor ageIn;
        FloatTensor ageOut;
        FloatTensor genderOut;
        Map<String, OnnxTensor> detInputs;
        Map<String, OnnxTensor> detOutputs;
        Map<String, OnnxTensor> ageInputs;
        Map<String, OnnxTensor> ageOutputs;

        @Setup
        public void setUp() {
            int size = detectorSize;
            ImageFrame frame = BenchFrames.frame("1920x1080", 1);
            // Capture the exact tensors the SDK builds for this frame.
            var detector = (TinyFaceDetector) org.entryguard.core.FaceDetector.builder().inputSize(size).threads(1).build();
            var estimator = (AgeGenderEstimator) Fixtures.estimator(1);
            FaceBox box = Fixtures.faceBox(detector, frame, 1);
            estimator.estimate(frame, box);
            if (optimization.equals("ALL_OPT")) {
                detModel = OnnxModel.loadResource(DetectorModel.TINY_FACE_DETECTOR.resource(), TinyFaceDetector.CONTRACT, threads);
                ageModel = OnnxModel.loadResource(AgeGenderEstimator.RESOURCE, AgeGenderEstimator.CONTRACT, threads);
            } else {
                var level = OrtSession.SessionOptions.OptLevel.valueOf(optimization);
                detSession = session(DetectorModel.TINY_FACE_DETECTOR.resource(), level, threads);
                ageSession = session(AgeGenderEstimator.RESOURCE, level, threads);
            }
            detIn = new FloatTensor(1, size, size, 3);
            detIn.buffer().put(0, detector.lastInput(), 0, size * size * 3);
            detOut = new FloatTensor(1, size / 32, size / 32, 25);
            int a = AgeGenderEstimator.SIZE;
            ageIn = new FloatTensor(1, a, a, 3);
            ageIn.buffer().put(0, estimator.lastInput(), 0, a * a * 3);
            ageOut = new FloatTensor(1);
            genderOut = new FloatTensor(1, 2);
            detector.close();
            estimator.close();
            detInputs = Map.of("input", detIn.tensor());
            detOutputs = Map.of("output", detOut.tensor());
            ageInputs = Map.of("input", ageIn.tensor());
            ageOutputs = Map.of("age", ageOut.tensor(), "gender", genderOut.tensor());
        }

        OrtSession detSession;
        OrtSession ageSession;

        OrtSession det() { return detSession != null ? detSession : detModel.session(); }

        OrtSession age() { return ageSession != null ? ageSession : ageModel.session(); }

        /** A session like the SDK's ({@code OnnxModel.loadBytes}) but at another optimisation level. */
        static OrtSession session(String resource, OrtSession.SessionOptions.OptLevel level, int threads) {
            try (var in = FloorBenchmark.class.getResourceAsStream(resource);
                 OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setOptimizationLevel(level);
                o.setIntraOpNumThreads(threads);
                if (threads > 1) {
                    o.addConfigEntry("session.intra_op.allow_spinning", "0");
                }
                o.setInterOpNumThreads(1);
                o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                return OnnxModel.env().createSession(in.readAllBytes(), o);
            } catch (OrtException | java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @TearDown
        public void tearDown() throws OrtException {
            detIn.close();
            detOut.close();
            ageIn.close();
            ageOut.close();
            genderOut.close();
            if (detModel != null) {
                detModel.release();
                ageModel.release();
            } else {
                detSession.close();
                ageSession.close();
            }
        }
    }

    static void run(OrtSession session, Map<String, OnnxTensor> in, Map<String, OnnxTensor> out) {
        try (OrtSession.Result ignored = session.run(in, out)) {
            // pinned outputs: nothing to copy
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TinyFaceDetector 416×416 session.run alone. */
    @Benchmark
    public float floorDetector(Floor s) {
        run(s.det(), s.detInputs, s.detOutputs);
        return s.detOut.buffer().get(0);
    }

    /** AgeGenderNet 112×112 session.run alone. */
    @Benchmark
    public float floorAge(Floor s) {
        run(s.age(), s.ageInputs, s.ageOutputs);
        return s.ageOut.buffer().get(0);
    }

    /** The model time of a 1-face frame: detector run + one age run, back to back. */
    @Benchmark
    public float floorDetectorPlusAge(Floor s) {
        run(s.det(), s.detInputs, s.detOutputs);
        run(s.age(), s.ageInputs, s.ageOutputs);
        return s.detOut.buffer().get(0) + s.ageOut.buffer().get(0);
    }
}
