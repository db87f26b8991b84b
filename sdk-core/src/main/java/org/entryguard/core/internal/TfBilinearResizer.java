package org.entryguard.core.internal;

import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;

import java.nio.FloatBuffer;

/**
 * Crops a rectangle of a frame, places it on a zero-filled canvas and resizes the canvas with TensorFlow's
 * {@code resizeBilinear(alignCorners=false, halfPixelCenters=false)} into an RGB NHWC float tensor.
 *
 * <p>This reproduces face-api's {@code padToSquare} + {@code tf.image.resizeBilinear} exactly (same
 * double-precision arithmetic as tfjs' CPU kernel), without materialising the padded canvas. OpenCV's
 * INTER_LINEAR uses half-pixel centres and gives different pixels; the models are sensitive to that.
 *
 * <p>Not thread-safe: the index tables are reused between calls so the steady state allocates nothing.
 */
public final class TfBilinearResizer {
    private int[] colA = new int[0];
    private int[] colB = new int[0];
    private double[] colFrac = new double[0];
    private int[] rowA = new int[0];
    private int[] rowB = new int[0];
    private double[] rowFrac = new double[0];

    /**
     * @param frame source pixels
     * @param cropX left of the crop in frame pixels (inside the frame)
     * @param cropY top of the crop
     * @param cropW crop width (≥ 1)
     * @param cropH crop height (≥ 1)
     * @param canvasW width of the zero canvas the crop is placed on
     * @param canvasH height of the canvas
     * @param offX where the crop's left edge lies on the canvas
     * @param offY where the crop's top edge lies on the canvas
     * @param outW output width
     * @param outH output height
     * @param dst receives {@code outH*outW*3} floats from its position 0, RGB, 0..255
     */
    public void resize(ImageFrame frame, int cropX, int cropY, int cropW, int cropH,
                       int canvasW, int canvasH, int offX, int offY, int outW, int outH, FloatBuffer dst) {
        ensure(outW, outH);
        // -1 marks a canvas position outside the crop (a zero pixel).
        double sx = (double) canvasW / outW;
        for (int c = 0; c < outW; c++) {
            double src = sx * c;
            int lo = (int) Math.floor(src);
            int hi = Math.min(canvasW - 1, (int) Math.ceil(src));
            colFrac[c] = src - lo;
            int a = toIndex(lo, offX, cropX, cropW);
            int b = toIndex(hi, offX, cropX, cropW);
            colA[c] = a < 0 ? -1 : a * 3;
            colB[c] = b < 0 ? -1 : b * 3;
        }
        double sy = (double) canvasH / outH;
        int stride = frame.stride();
        for (int r = 0; r < outH; r++) {
            double src = sy * r;
            int lo = (int) Math.floor(src);
            int hi = Math.min(canvasH - 1, (int) Math.ceil(src));
            rowFrac[r] = src - lo;
            int a = toIndex(lo, offY, cropY, cropH);
            int b = toIndex(hi, offY, cropY, cropH);
            rowA[r] = a < 0 ? -1 : a * stride;
            rowB[r] = b < 0 ? -1 : b * stride;
        }
        byte[] px = frame.data();
        boolean bgr = frame.format() == PixelFormat.BGR;
        int p = 0;
        for (int r = 0; r < outH; r++) {
            int ra = rowA[r];
            int rb = rowB[r];
            double fy = rowFrac[r];
            for (int c = 0; c < outW; c++) {
                int ca = colA[c];
                int cb = colB[c];
                double fx = colFrac[c];
                for (int ch = 0; ch < 3; ch++) {
                    int k = bgr ? 2 - ch : ch;
                    double tl = sample(px, ra, ca, k);
                    double tr = sample(px, ra, cb, k);
                    double bl = sample(px, rb, ca, k);
                    double br = sample(px, rb, cb, k);
                    double top = tl + (tr - tl) * fx;
                    double bottom = bl + (br - bl) * fx;
                    dst.put(p++, (float) (top + (bottom - top) * fy));
                }
            }
        }
    }

    private static double sample(byte[] px, int rowOffset, int colOffset, int k) {
        if (rowOffset < 0 || colOffset < 0) {
            return 0.0;
        }
        return px[rowOffset + colOffset + k] & 0xFF;
    }

    /** Canvas coordinate → frame coordinate, or -1 where the canvas is padding. */
    private static int toIndex(int canvas, int off, int crop0, int cropLen) {
        int i = canvas - off;
        return (i < 0 || i >= cropLen) ? -1 : crop0 + i;
    }

    private void ensure(int outW, int outH) {
        if (colA.length < outW) {
            colA = new int[outW];
            colB = new int[outW];
            colFrac = new double[outW];
        }
        if (rowA.length < outH) {
            rowA = new int[outH];
            rowB = new int[outH];
            rowFrac = new double[outH];
        }
    }
}
