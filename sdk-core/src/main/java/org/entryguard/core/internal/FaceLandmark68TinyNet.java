package org.entryguard.core.internal;

import org.entryguard.core.FaceBox;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.LandmarkDetector;

import java.nio.FloatBuffer;

/**
 * face-api FaceLandmark68TinyNet: the face-api crop of the box (as for age/gender), 136 outputs relative to the
 * padded 112×112 square, mapped back to frame pixels exactly as face-api's {@code postProcess} +
 * {@code extendWithFaceLandmarks} do (symmetric-padding assumption and unfloored box origin included).
 */
public final class FaceLandmark68TinyNet implements LandmarkDetector {
    public static final String RESOURCE = "/org/entryguard/models/face_landmark_68_tiny.onnx";
    public static final int SIZE = 112;
    /** Input [1,112,112,3] RGB 0..255 → landmarks [1,136] relative to the padded square. */
    public static final ModelContract CONTRACT = new ModelContract("FaceLandmark68TinyNet")
            .input("input", 1, SIZE, SIZE, 3)
            .output("landmarks", 1, 136);

    private final Predictor predictor;
    private final FloatTensor input;
    private final FloatTensor output;
    private final FaceCrop crop = new FaceCrop(SIZE);

    public FaceLandmark68TinyNet(OnnxModel model) {
        this.predictor = new Predictor(model);
        this.input = predictor.input("input", 1, SIZE, SIZE, 3);
        this.output = predictor.output("landmarks", 1, 136);
    }

    @Override
    public float[] detect(ImageFrame frame, FaceBox box) {
        return detectInto(frame, box, new float[2 * POINTS]);
    }

    @Override
    public float[] detectInto(ImageFrame frame, FaceBox box, float[] out) {
        crop.faceApi(frame, box.x(), box.y(), box.width(), box.height(), input.buffer());
        predictor.run();
        return toFrame(output.buffer(), crop.lastWidth(), crop.lastHeight(), box.x(), box.y(), out);
    }

    /** face-api {@code postProcess} + shift by the unfloored box origin. */
    static float[] toFrame(FloatBuffer raw, int w0, int h0, double bx, double by, float[] out) {
        double s = (double) SIZE / Math.max(w0, h0);
        double wp = w0 * s;
        double hp = h0 * s;
        double padX = wp < hp ? (hp - wp) / 2 : 0;
        double padY = hp < wp ? (wp - hp) / 2 : 0;
        for (int i = 0; i < POINTS; i++) {
            out[2 * i] = (float) (((raw.get(2 * i) * SIZE - padX) / wp) * w0 + bx);
            out[2 * i + 1] = (float) (((raw.get(2 * i + 1) * SIZE - padY) / hp) * h0 + by);
        }
        return out;
    }

    /** The shared model. */
    OnnxModel model() { return predictor.model(); }

    @Override
    public LandmarkDetector newInstance() {
        return new FaceLandmark68TinyNet(predictor.model());
    }

    @Override
    public void close() {
        predictor.close();
    }
}
