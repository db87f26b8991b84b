package org.entryguard.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.entryguard.core.DetectorModel;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.internal.AgeGenderEstimator;
import org.entryguard.core.internal.FaceLandmark68TinyNet;
import org.entryguard.core.internal.FloatTensor;
import org.entryguard.core.internal.OnnxModel;
import org.entryguard.core.internal.TinyFaceDetector;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The floor's side of a measurement: the bundled detector, age and landmark models in their own ORT sessions
 * (the SDK's session options, or another optimisation level), fed the very tensors the SDK built for a frame,
 * outputs pinned. Nothing of the SDK runs in {@link #detector()}, {@link #age()} or {@link #landmarks()}. The
 * landmark run is fed the age net's input (same shape; values do not change a conv net's cost).
 */
final class BareModels implements AutoCloseable {
    private final OrtSession det;
    private final OrtSession age;
    private final OrtSession lm;
    private final OnnxModel[] owned;
    private final FloatTensor[] tensors;
    private final FloatTensor detOut;
    private final FloatTensor ageOut;
    private final FloatTensor lmOut;
    private final Map<String, OnnxTensor> detInputs;
    private final Map<String, OnnxTensor> detOutputs;
    private final Map<String, OnnxTensor> ageInputs;
    private final Map<String, OnnxTensor> ageOutputs;
    private final Map<String, OnnxTensor> lmOutputs;

    /**
     * @param frame the frame whose SDK tensors are captured; its biggest face's age input when it has faces
     * @param faces how many faces the SDK must find in it (checked)
     * @param optimization an {@link OrtSession.SessionOptions.OptLevel} name; {@code ALL_OPT} is the SDK's
     */
    BareModels(ImageFrame frame, int faces, int detectorSize, int threads, String optimization) {
        float[] detIn;
        float[] ageIn;
        try (TinyFaceDetector detector = (TinyFaceDetector) FaceDetector.builder().inputSize(detectorSize).threads(1).build();
             AgeGenderEstimator estimator = (AgeGenderEstimator) Fixtures.estimator(1)) {
            FaceBox box = Fixtures.faceBox(detector, frame, faces);
            int s = detectorSize * detectorSize * 3;
            detIn = new float[s];
            detector.lastInput().get(0, detIn, 0, s);
            if (box != null) {
                estimator.estimate(frame, box);
            }
            int a = AgeGenderEstimator.SIZE * AgeGenderEstimator.SIZE * 3;
            ageIn = new float[a];
            estimator.lastInput().get(0, ageIn, 0, a);
        }
        if (optimization.equals("ALL_OPT")) {
            owned = new OnnxModel[] {
                OnnxModel.loadResource(DetectorModel.TINY_FACE_DETECTOR.resource(), TinyFaceDetector.CONTRACT, threads),
                OnnxModel.loadResource(AgeGenderEstimator.RESOURCE, AgeGenderEstimator.CONTRACT, threads),
                OnnxModel.loadResource(FaceLandmark68TinyNet.RESOURCE, FaceLandmark68TinyNet.CONTRACT, threads)};
            det = owned[0].session();
            age = owned[1].session();
            lm = owned[2].session();
        } else {
            owned = new OnnxModel[0];
            var level = OrtSession.SessionOptions.OptLevel.valueOf(optimization);
            det = session(DetectorModel.TINY_FACE_DETECTOR.resource(), level, threads);
            age = session(AgeGenderEstimator.RESOURCE, level, threads);
            lm = session(FaceLandmark68TinyNet.RESOURCE, level, threads);
        }
        int a = AgeGenderEstimator.SIZE;
        FloatTensor dIn = new FloatTensor(1, detectorSize, detectorSize, 3);
        dIn.buffer().put(0, detIn);
        detOut = new FloatTensor(1, detectorSize / 32, detectorSize / 32, 25);
        FloatTensor aIn = new FloatTensor(1, a, a, 3);
        aIn.buffer().put(0, ageIn);
        ageOut = new FloatTensor(1);
        FloatTensor genderOut = new FloatTensor(1, 2);
        lmOut = new FloatTensor(1, 136);
        tensors = new FloatTensor[] {dIn, detOut, aIn, ageOut, genderOut, lmOut};
        detInputs = Map.of("input", dIn.tensor());
        detOutputs = Map.of("output", detOut.tensor());
        ageInputs = Map.of("input", aIn.tensor());
        ageOutputs = Map.of("age", ageOut.tensor(), "gender", genderOut.tensor());
        lmOutputs = Map.of("landmarks", lmOut.tensor());
    }

    /** A session like the SDK's ({@code OnnxModel.loadBytes}) but at another optimisation level. */
    private static OrtSession session(String resource, OrtSession.SessionOptions.OptLevel level, int threads) {
        try (InputStream in = BareModels.class.getResourceAsStream(resource);
             OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(level);
            o.setIntraOpNumThreads(threads);
            if (threads > 1) {
                o.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            o.setInterOpNumThreads(1);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return OnnxModel.env().createSession(in.readAllBytes(), o);
        } catch (OrtException | IOException e) {
            throw new IllegalStateException("cannot load " + resource + " at " + level + ": " + e.getMessage(), e);
        }
    }

    private static void run(OrtSession session, Map<String, OnnxTensor> in, Map<String, OnnxTensor> out) {
        try (OrtSession.Result ignored = session.run(in, out)) {
            // pinned outputs: nothing to copy
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One bare detector run; returns an output value so the caller can sink it. */
    float detector() {
        run(det, detInputs, detOutputs);
        return detOut.buffer().get(0);
    }

    /** One bare age run. */
    float age() {
        run(age, ageInputs, ageOutputs);
        return ageOut.buffer().get(0);
    }

    /** One bare landmark run. */
    float landmarks() {
        run(lm, ageInputs, lmOutputs);
        return lmOut.buffer().get(0);
    }

    @Override
    public void close() {
        for (FloatTensor t : tensors) {
            t.close();
        }
        if (owned.length > 0) {
            for (OnnxModel m : owned) {
                m.release();
            }
        } else {
            for (OrtSession s : new OrtSession[] {det, age, lm}) {
                try {
                    s.close();
                } catch (OrtException ignored) {
                    // closing at the end of a trial
                }
            }
        }
    }
}
