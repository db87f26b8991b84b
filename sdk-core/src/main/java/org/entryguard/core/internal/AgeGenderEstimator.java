package org.entryguard.core.internal;

import org.entryguard.core.AgeEstimate;
import org.entryguard.core.AgeEstimator;
import org.entryguard.core.EntryGuardException;
import org.entryguard.core.FaceBox;
import org.entryguard.core.ImageFrame;

import java.nio.FloatBuffer;

/**
 * face-api.js AgeGenderNet on a 112×112 face crop.
 *
 * <p>The crop is face-api's {@code extractFaceTensors}: the box clipped to the frame and floored, cut out,
 * padded to a square with zeros split evenly on both sides ({@code padToSquare(_, true)}), resized to 112
 * with TF bilinear. The graph normalises ((x − meanRgb) / 255) itself.
 */
public final class AgeGenderEstimator implements AgeEstimator {
    public static final String RESOURCE = "/org/entryguard/models/age_gender.onnx";
    public static final int SIZE = 112;
    /** Input [1,112,112,3] RGB 0..255; outputs age [1] and gender probabilities [1,2]. */
    public static final ModelContract CONTRACT = new ModelContract("AgeGenderNet")
            .input("input", 1, SIZE, SIZE, 3)
            .output("age", 1)
            .output("gender", 1, 2);

    private final Predictor predictor;
    private final FloatTensor input;
    private final FloatTensor age;
    private final float spread;
    private final TfBilinearResizer resizer = new TfBilinearResizer();

    public AgeGenderEstimator(OnnxModel model, float spread) {
        this.spread = spread;
        this.predictor = new Predictor(model);
        this.input = predictor.input("input", 1, SIZE, SIZE, 3);
        this.age = predictor.output("age", 1);
        predictor.output("gender", 1, 2);
    }

    @Override
    public AgeEstimate estimate(ImageFrame frame, FaceBox box) {
        // Box.clipAtImageBorders(...).floor() in face-api
        double x = Math.max(box.x(), 0);
        double y = Math.max(box.y(), 0);
        double cw = Math.min(box.right() - x, frame.width() - x);
        double ch = Math.min(box.bottom() - y, frame.height() - y);
        int cx = (int) Math.floor(x);
        int cy = (int) Math.floor(y);
        int w = (int) Math.floor(cw);
        int h = (int) Math.floor(ch);
        if (w <= 0 || h <= 0 || cx >= frame.width() || cy >= frame.height()) {
            throw new EntryGuardException("Face box " + box + " lies outside the " + frame.width() + "x" + frame.height()
                    + " frame or is empty; pass a box from the detector for this frame");
        }
        w = Math.min(w, frame.width() - cx);
        h = Math.min(h, frame.height() - cy);
        int side = Math.max(w, h);
        int diff = side - Math.min(w, h);
        int append = (int) Math.round(diff * 0.5);
        int prepend = diff - append;
        int offX = w < h ? prepend : 0;
        int offY = h < w ? prepend : 0;
        resizer.resize(frame, cx, cy, w, h, side, side, offX, offY, SIZE, SIZE, input.buffer());
        predictor.run();
        return new AgeEstimate(age.buffer().get(0), spread);
    }

    @Override
    public AgeEstimator newInstance() {
        return new AgeGenderEstimator(predictor.model(), spread);
    }

    /** The last network input, for golden tests. */
    public FloatBuffer lastInput() { return input.buffer(); }

    @Override
    public void close() {
        predictor.close();
    }
}
