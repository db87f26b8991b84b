package org.entryguard.core.internal;

import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * face-api.js TinyFaceDetector (a Tiny-YOLOv2 with separable convolutions, 5 anchors, one class).
 *
 * <p>Pre-processing as face-api's {@code NetInput.toBatchTensor(size, false)}: the frame is padded to a
 * square at the bottom/right with zeros and resized to size×size with TF bilinear. The ONNX graph normalises
 * ((x − meanRgb) / 256) itself. Post-processing as {@code TinyYolov2Base.extractBoxes} + face-api's NMS.
 */
public final class TinyFaceDetector extends RegionDetector {
    /** Input [1,S,S,3] RGB 0..255, output the raw head [1,S/32,S/32,5·(5+classes)]. */
    public static final ModelContract CONTRACT = new ModelContract("TinyFaceDetector")
            .input("input", 1, -1, -1, 3)
            .output("output", 1, -1, -1, -1);

    /** Anchor sizes in grid cells (width, height), from face-api's TinyFaceDetector config. */
    private static final float[] ANCHORS = {
        1.603231f, 2.094468f, 6.041143f, 7.080126f, 2.882459f, 3.518061f, 4.266906f, 5.178857f, 9.041765f, 10.66308f};
    private static final int NUM_ANCHORS = 5;

    private final Predictor predictor;
    private final FloatTensor input;
    private final FloatTensor output;
    private final int size;
    private final int cells;
    private final int boxEncoding;
    private final float minScore;
    private final float nmsIou;
    private final TfBilinearResizer resizer = new TfBilinearResizer();
    private final Nms nms = new Nms();
    private final float[] x1;
    private final float[] y1;
    private final float[] x2;
    private final float[] y2;
    private final float[] sc;
    private final int[] keep;

    public TinyFaceDetector(OnnxModel model, int size, float minScore, float nmsIou) {
        this.size = size;
        this.cells = size / 32;
        this.minScore = minScore;
        this.nmsIou = nmsIou;
        this.predictor = new Predictor(model);
        this.input = predictor.input("input", 1, size, size, 3);
        long channels = outputChannels(model);
        this.boxEncoding = (int) (channels / NUM_ANCHORS);
        this.output = predictor.output("output", 1, cells, cells, channels);
        int n = cells * cells * NUM_ANCHORS;
        x1 = new float[n];
        y1 = new float[n];
        x2 = new float[n];
        y2 = new float[n];
        sc = new float[n];
        keep = new int[n];
    }

    private static long outputChannels(OnnxModel model) {
        try {
            var info = (ai.onnxruntime.TensorInfo) model.session().getOutputInfo().get("output").getInfo();
            long c = info.getShape()[3];
            if (c > 0 && c % NUM_ANCHORS == 0 && c / NUM_ANCHORS >= 5) {
                return c;
            }
            if (c < 0) {
                return NUM_ANCHORS * 5L; // face-api's TinyFaceDetector: no class scores, 5 values per anchor
            }
            throw new org.entryguard.core.ModelException("Model " + model.description() + " has " + c
                    + " output channels; a TinyFaceDetector head needs 5 anchors x (5 + classes) channels, e.g. 25");
        } catch (ai.onnxruntime.OrtException e) {
            throw new org.entryguard.core.ModelException("Cannot read output info of " + model.description(), e);
        }
    }

    @Override
    protected List<Face> detect(ImageFrame frame, int rx, int ry, int w, int h) {
        int side = Math.max(w, h);
        resizer.resize(frame, rx, ry, w, h, side, side, 0, 0, size, size, input.buffer());
        predictor.run();
        // face-api corrects for the bottom/right padding using the rounded resized image size
        double scale = (double) size / side;
        double resizedW = Math.round(w * scale);
        double resizedH = Math.round(h * scale);
        double corrX = size / resizedW;
        double corrY = size / resizedH;
        FloatBuffer out = output.buffer();
        int n = 0;
        for (int row = 0; row < cells; row++) {
            for (int col = 0; col < cells; col++) {
                for (int a = 0; a < NUM_ANCHORS; a++) {
                    int base = ((row * cells + col) * NUM_ANCHORS + a) * boxEncoding;
                    double score = sigmoid(out.get(base + 4));
                    if (score <= minScore) {
                        continue;
                    }
                    double ctX = ((col + sigmoid(out.get(base))) / cells) * corrX;
                    double ctY = ((row + sigmoid(out.get(base + 1))) / cells) * corrY;
                    double bw = ((Math.exp(out.get(base + 2)) * ANCHORS[2 * a]) / cells) * corrX;
                    double bh = ((Math.exp(out.get(base + 3)) * ANCHORS[2 * a + 1]) / cells) * corrY;
                    double x = ctX - bw / 2;
                    double y = ctY - bh / 2;
                    x1[n] = (float) x;
                    y1[n] = (float) y;
                    x2[n] = (float) (x + bw);
                    y2[n] = (float) (y + bh);
                    sc[n] = (float) score;
                    n++;
                }
            }
        }
        int kept = nms.run(x1, y1, x2, y2, sc, n, nmsIou, keep, keep.length);
        List<Face> faces = new ArrayList<>(kept);
        for (int k = 0; k < kept; k++) {
            int i = keep[k];
            faces.add(new Face(new FaceBox(x1[i] * w + rx, y1[i] * h + ry, (x2[i] - x1[i]) * w, (y2[i] - y1[i]) * h), sc[i]));
        }
        return faces;
    }

    private static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    @Override
    public FaceDetector newInstance() {
        return new TinyFaceDetector(predictor.model(), size, minScore, nmsIou);
    }

    /** The network input side. */
    public int inputSize() { return size; }

    /** The last network input, for golden tests. */
    public FloatBuffer lastInput() { return input.buffer(); }

    /** The last raw network output, for golden tests. */
    public FloatBuffer lastOutput() { return output.buffer(); }

    @Override
    public void close() {
        predictor.close();
    }
}
