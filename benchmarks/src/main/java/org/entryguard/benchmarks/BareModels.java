package org.entryguard.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.entryguard.core.AgeModel;
import org.entryguard.core.DetectorModel;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.OrtTelemetry;
import org.entryguard.core.PixelFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The floor's side of a measurement: the bundled detector, age and landmark models, read as resources from the
 * sdk-core jar, in their own ONNX Runtime sessions (options as the SDK sets them, or another optimisation
 * level), fed a frame's pixels, outputs pinned. Nothing of the SDK runs in {@link #detector()}, {@link #age()} or
 * {@link #landmarks()}, nor in building them: only the SDK's detector finds the face whose crop the age input is.
 * The inputs are nearest-neighbour samples of the same canvas the SDK resizes bilinearly (frame padded bottom and
 * right to a square; the face box padded evenly to a square): the values differ slightly from the SDK's, which
 * does not change a conv net's cost. The landmark run is fed the age net's input (same shape).
 */
final class BareModels implements AutoCloseable {
    /** The bundled 68-point landmark net ({@code LandmarkDetector.ofDefaults()}). */
    static final String LANDMARK_RESOURCE = "/org/entryguard/models/face_landmark_68_tiny.onnx";

    private final OrtSession det;
    private final OrtSession age;
    private final OrtSession lm;
    private final OnnxTensor[] tensors;
    private final FloatBuffer detOut;
    private final FloatBuffer ageOut;
    private final FloatBuffer lmOut;
    private final Map<String, OnnxTensor> detInputs;
    private final Map<String, OnnxTensor> detOutputs;
    private final Map<String, OnnxTensor> ageInputs;
    private final Map<String, OnnxTensor> ageOutputs;
    private final Map<String, OnnxTensor> lmOutputs;

    /**
     * @param frame the frame the inputs are sampled from; its biggest face's crop is the age input when it has faces
     * @param faces how many faces the SDK must find in it (checked)
     * @param optimization an {@link OrtSession.SessionOptions.OptLevel} name; {@code ALL_OPT} is the SDK's
     */
    BareModels(ImageFrame frame, int faces, int detectorSize, int threads, String optimization) {
        FaceBox box;
        try (FaceDetector detector = FaceDetector.custom().inputSize(detectorSize).threads(1).build()) {
            box = Fixtures.faceBox(detector, frame, faces);
        }
        OrtTelemetry.ensureOff(); // before SessionOptions: that class loads the native library, which reads the variable
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        var level = OrtSession.SessionOptions.OptLevel.valueOf(optimization);
        det = session(env, DetectorModel.TINY_FACE_DETECTOR.resource(), level, threads);
        age = session(env, AgeModel.FACE_API.resource(), level, threads);
        lm = session(env, LANDMARK_RESOURCE, level, threads);
        FloatBuffer dIn = floats(detectorSize * detectorSize * 3);
        int side = Math.max(frame.width(), frame.height());
        sample(frame, 0, 0, frame.width(), frame.height(), side, 0, 0, detectorSize, dIn);
        FloatBuffer aIn = floats(Fixtures.AGE_SIZE * Fixtures.AGE_SIZE * 3);
        if (box != null) {
            // the SDK's crop geometry: the box clipped to the frame, padded evenly to a square
            int cx = (int) Math.floor(Math.max(box.x(), 0));
            int cy = (int) Math.floor(Math.max(box.y(), 0));
            int w = (int) Math.floor(Math.min(box.right(), frame.width()) - Math.max(box.x(), 0));
            int h = (int) Math.floor(Math.min(box.bottom(), frame.height()) - Math.max(box.y(), 0));
            int s = Math.max(w, h);
            int diff = s - Math.min(w, h);
            int prepend = diff - (int) Math.round(diff * 0.5);
            sample(frame, cx, cy, w, h, s, w < h ? prepend : 0, h < w ? prepend : 0, Fixtures.AGE_SIZE, aIn);
        }
        detOut = floats(detectorSize / 32 * (detectorSize / 32) * 25);
        ageOut = floats(1);
        FloatBuffer genderOut = floats(2);
        lmOut = floats(136);
        try {
            tensors = new OnnxTensor[] {
                OnnxTensor.createTensor(env, dIn, new long[] {1, detectorSize, detectorSize, 3}),
                OnnxTensor.createTensor(env, detOut, new long[] {1, detectorSize / 32, detectorSize / 32, 25}),
                OnnxTensor.createTensor(env, aIn, new long[] {1, Fixtures.AGE_SIZE, Fixtures.AGE_SIZE, 3}),
                OnnxTensor.createTensor(env, ageOut, new long[] {1}),
                OnnxTensor.createTensor(env, genderOut, new long[] {1, 2}),
                OnnxTensor.createTensor(env, lmOut, new long[] {1, 136})};
        } catch (OrtException e) {
            throw new IllegalStateException("cannot allocate the bare models' tensors: " + e.getMessage(), e);
        }
        detInputs = Map.of("input", tensors[0]);
        detOutputs = Map.of("output", tensors[1]);
        ageInputs = Map.of("input", tensors[2]);
        ageOutputs = Map.of("age", tensors[3], "gender", tensors[4]);
        lmOutputs = Map.of("landmarks", tensors[5]);
    }

    /** A direct buffer ONNX Runtime reads and writes in place (so outputs can be pinned). */
    private static FloatBuffer floats(int n) {
        return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * Places the crop at ({@code offX}, {@code offY}) on a zero {@code canvas}² square and samples it, nearest
     * neighbour, into {@code size}² RGB floats 0..255 (NHWC), the layout and range of the SDK's inputs.
     */
    private static void sample(ImageFrame frame, int cropX, int cropY, int cropW, int cropH, int canvas, int offX, int offY,
                               int size, FloatBuffer dst) {
        byte[] d = frame.data();
        boolean rgb = frame.format() == PixelFormat.RGB;
        int i = 0;
        for (int y = 0; y < size; y++) {
            int cy = (int) ((long) y * canvas / size) - offY;
            for (int x = 0; x < size; x++, i += 3) {
                int cx = (int) ((long) x * canvas / size) - offX;
                if (cx < 0 || cy < 0 || cx >= cropW || cy >= cropH) {
                    continue; // the canvas' zero padding (the buffer starts zeroed)
                }
                int o = (cropY + cy) * frame.stride() + (cropX + cx) * 3;
                dst.put(i, d[o + (rgb ? 0 : 2)] & 0xff);
                dst.put(i + 1, d[o + 1] & 0xff);
                dst.put(i + 2, d[o + (rgb ? 2 : 0)] & 0xff);
            }
        }
    }

    /** A session with the SDK's options ({@code OnnxModel.loadBytes}), at {@code level} ({@code ALL_OPT} is the SDK's). */
    private static OrtSession session(OrtEnvironment env, String resource, OrtSession.SessionOptions.OptLevel level, int threads) {
        try (InputStream in = BareModels.class.getResourceAsStream(resource);
             OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            if (in == null) {
                throw new IllegalStateException("the bundled model " + resource + " is missing from the classpath; rebuild sdk-core");
            }
            o.setOptimizationLevel(level);
            o.setIntraOpNumThreads(Math.max(1, threads));
            if (threads > 1) {
                o.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            o.setInterOpNumThreads(1);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return env.createSession(in.readAllBytes(), o);
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
        return detOut.get(0);
    }

    /** One bare age run. */
    float age() {
        run(age, ageInputs, ageOutputs);
        return ageOut.get(0);
    }

    /** One bare landmark run. */
    float landmarks() {
        run(lm, ageInputs, lmOutputs);
        return lmOut.get(0);
    }

    @Override
    public void close() {
        for (OnnxTensor t : tensors) {
            t.close();
        }
        for (OrtSession s : new OrtSession[] {det, age, lm}) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // closing at the end of a trial
            }
        }
    }
}
