package org.entryguard.core.internal;

import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * face-api.js SSD MobileNet V1 face detector. The ONNX graph contains the box decoding, so outputs are
 * decoded boxes {@code [top, left, bottom, right]} relative to the padded 512×512 input, and scores.
 * Pre-processing pads bottom/right like the tiny detector; post-processing follows face-api's
 * {@code SsdMobilenetv1.locateFaces}: threshold, NMS (IoU 0.5, at most 100), clamp to [0,1], undo padding.
 */
public final class SsdFaceDetector extends RegionDetector {
    public static final int SIZE = 512;
    private static final int MAX_RESULTS = 100;
    /** Input [1,512,512,3] RGB 0..255; outputs decoded boxes [1,N,4] and scores [1,N]. */
    public static final ModelContract CONTRACT = new ModelContract("SSD MobileNet V1 face detector")
            .input("input", 1, SIZE, SIZE, 3)
            .output("boxes", 1, -1, 4)
            .output("scores", 1, -1);

    private final Predictor predictor;
    private final FloatTensor input;
    private final FloatTensor boxes;
    private final FloatTensor scores;
    private final int anchors;
    private final float minScore;
    private final float nmsIou;
    private final TfBilinearResizer resizer = new TfBilinearResizer();
    private final Nms nms = new Nms();
    private final float[] x1;
    private final float[] y1;
    private final float[] x2;
    private final float[] y2;
    private final float[] sc;
    private final int[] idx;
    private final int[] keep = new int[MAX_RESULTS];

    public SsdFaceDetector(OnnxModel model, float minScore, float nmsIou) {
        this.minScore = minScore;
        this.nmsIou = nmsIou;
        this.anchors = anchorCount(model);
        this.predictor = new Predictor(model);
        this.input = predictor.input("input", 1, SIZE, SIZE, 3);
        this.boxes = predictor.output("boxes", 1, anchors, 4);
        this.scores = predictor.output("scores", 1, anchors);
        x1 = new float[anchors];
        y1 = new float[anchors];
        x2 = new float[anchors];
        y2 = new float[anchors];
        sc = new float[anchors];
        idx = new int[anchors];
    }

    private static int anchorCount(OnnxModel model) {
        try {
            var info = (ai.onnxruntime.TensorInfo) model.session().getOutputInfo().get("scores").getInfo();
            long n = info.getShape()[1];
            return n > 0 ? (int) n : 5118;
        } catch (ai.onnxruntime.OrtException e) {
            throw new org.entryguard.core.ModelException("Cannot read output info of " + model.description(), e);
        }
    }

    @Override
    protected List<Face> detect(ImageFrame frame, int rx, int ry, int w, int h) {
        int side = Math.max(w, h);
        resizer.resize(frame, rx, ry, w, h, side, side, 0, 0, SIZE, SIZE, input.buffer());
        predictor.run();
        FloatBuffer b = boxes.buffer();
        FloatBuffer s = scores.buffer();
        int n = 0;
        for (int i = 0; i < anchors; i++) {
            float score = s.get(i);
            if (score > minScore) {
                // NMS runs on the unclamped decoded boxes, as face-api does
                y1[n] = b.get(4 * i);
                x1[n] = b.get(4 * i + 1);
                y2[n] = b.get(4 * i + 2);
                x2[n] = b.get(4 * i + 3);
                sc[n] = score;
                idx[n] = i;
                n++;
            }
        }
        int kept = nms.run(x1, y1, x2, y2, sc, n, nmsIou, keep, MAX_RESULTS);
        double scale = (double) SIZE / side;
        double padX = SIZE / (double) Math.round(w * scale);
        double padY = SIZE / (double) Math.round(h * scale);
        List<Face> faces = new ArrayList<>(kept);
        for (int k = 0; k < kept; k++) {
            int i = keep[k];
            double top = Math.max(0, y1[i]) * padY;
            double bottom = Math.min(1.0, y2[i]) * padY;
            double left = Math.max(0, x1[i]) * padX;
            double right = Math.min(1.0, x2[i]) * padX;
            faces.add(new Face(new FaceBox((float) (left * w + rx), (float) (top * h + ry),
                    (float) ((right - left) * w), (float) ((bottom - top) * h)), sc[i]));
        }
        return faces;
    }

    @Override
    public FaceDetector newInstance() {
        return new SsdFaceDetector(predictor.model(), minScore, nmsIou);
    }

    @Override
    public void close() {
        predictor.close();
    }
}
