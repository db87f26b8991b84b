package org.entryguard.core;

import org.entryguard.core.internal.TfBilinearResizer;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Hand-computed cases of TF's resizeBilinear (align_corners=false, half_pixel_centers=false). */
class TfBilinearResizerTest {

    @Test
    void upscalesWithAsymmetricCoordinatesLikeTensorflow() {
        // one row, 2 pixels: R = 0 and 100. TF maps out x to in x*0.5: 0, 0.5, 1, 1.5 -> 0, 50, 100, 100 (edge clamp)
        byte[] px = {0, 0, 0, 100, 0, 0};
        ImageFrame f = ImageFrame.of(px, 2, 1, PixelFormat.RGB);
        FloatBuffer out = FloatBuffer.allocate(4 * 1 * 3);
        new TfBilinearResizer().resize(f, 0, 0, 2, 1, 2, 1, 0, 0, 4, 1, out);
        assertEquals(0f, out.get(0));
        assertEquals(50f, out.get(3));
        assertEquals(100f, out.get(6));
        assertEquals(100f, out.get(9), "TF clamps at the last pixel instead of using half-pixel centres");
    }

    @Test
    void padsWithZerosAndSwapsBgr() {
        // 1x1 BGR pixel (B=10,G=20,R=30) on a 2x2 canvas at the top-left: output 2x2 == canvas
        byte[] px = {10, 20, 30};
        ImageFrame f = ImageFrame.of(px, 1, 1, PixelFormat.BGR);
        FloatBuffer out = FloatBuffer.allocate(2 * 2 * 3);
        new TfBilinearResizer().resize(f, 0, 0, 1, 1, 2, 2, 0, 0, 2, 2, out);
        assertEquals(30f, out.get(0), "R first");
        assertEquals(20f, out.get(1));
        assertEquals(10f, out.get(2));
        for (int i = 3; i < 12; i++) {
            assertEquals(0f, out.get(i), "padding is zero at " + i);
        }
    }

    @Test
    void downscaleSamplesEveryOtherPixel() {
        byte[] px = new byte[4 * 3];
        for (int i = 0; i < 4; i++) {
            px[i * 3] = (byte) (i * 10);
        }
        ImageFrame f = ImageFrame.of(px, 4, 1, PixelFormat.RGB);
        FloatBuffer out = FloatBuffer.allocate(2 * 3);
        new TfBilinearResizer().resize(f, 0, 0, 4, 1, 4, 1, 0, 0, 2, 1, out);
        assertEquals(0f, out.get(0));
        assertEquals(20f, out.get(3));
    }

    /**
     * The fast resizer (branch-free inner path, bulk row copies) must give exactly the floats of the plain
     * per-sample loop it replaced, on random frames, strides, channel orders, crops, paddings and output sizes,
     * including crops that touch the frame edges and canvases with padding on every side.
     */
    @Test
    void fastPathIsBitIdenticalToThePlainLoop() {
        Random rnd = new Random(42);
        TfBilinearResizer fast = new TfBilinearResizer();
        for (int trial = 0; trial < 400; trial++) {
            int w = 1 + rnd.nextInt(90);
            int h = 1 + rnd.nextInt(90);
            int stride = w * 3 + rnd.nextInt(3) * 3;
            byte[] px = new byte[stride * h];
            rnd.nextBytes(px);
            PixelFormat fmt = rnd.nextBoolean() ? PixelFormat.RGB : PixelFormat.BGR;
            ImageFrame f = ImageFrame.of(px, w, h, stride, fmt, 0L, "t");
            int cx = rnd.nextInt(w);
            int cy = rnd.nextInt(h);
            int cw = 1 + rnd.nextInt(w - cx);
            int ch = 1 + rnd.nextInt(h - cy);
            int canvasW = cw + rnd.nextInt(40);
            int canvasH = ch + rnd.nextInt(40);
            int offX = rnd.nextInt(canvasW - cw + 1);
            int offY = rnd.nextInt(canvasH - ch + 1);
            int outW = 1 + rnd.nextInt(120);
            int outH = 1 + rnd.nextInt(120);
            FloatBuffer a = FloatBuffer.allocate(outW * outH * 3);
            FloatBuffer b = FloatBuffer.allocate(outW * outH * 3);
            fast.resize(f, cx, cy, cw, ch, canvasW, canvasH, offX, offY, outW, outH, a);
            PlainResizer.resize(f, cx, cy, cw, ch, canvasW, canvasH, offX, offY, outW, outH, b);
            for (int i = 0; i < outW * outH * 3; i++) {
                if (Float.floatToRawIntBits(a.get(i)) != Float.floatToRawIntBits(b.get(i))) {
                    fail("trial " + trial + " (" + w + "x" + h + " " + fmt + ", crop " + cx + "," + cy + " " + cw + "x" + ch
                            + " on " + canvasW + "x" + canvasH + " at " + offX + "," + offY + " -> " + outW + "x" + outH
                            + "): float " + i + " is " + a.get(i) + ", the plain loop gives " + b.get(i));
                }
            }
        }
    }

    /** The original per-sample implementation, kept here as the reference the fast one must match bit for bit. */
    private static final class PlainResizer {
        static void resize(ImageFrame frame, int cropX, int cropY, int cropW, int cropH,
                           int canvasW, int canvasH, int offX, int offY, int outW, int outH, FloatBuffer dst) {
            double sx = (double) canvasW / outW;
            double sy = (double) canvasH / outH;
            byte[] px = frame.data();
            boolean bgr = frame.format() == PixelFormat.BGR;
            int p = 0;
            for (int r = 0; r < outH; r++) {
                double srcY = sy * r;
                int loY = (int) Math.floor(srcY);
                int hiY = Math.min(canvasH - 1, (int) Math.ceil(srcY));
                double fy = srcY - loY;
                int ra = idx(loY, offY, cropY, cropH) < 0 ? -1 : idx(loY, offY, cropY, cropH) * frame.stride();
                int rb = idx(hiY, offY, cropY, cropH) < 0 ? -1 : idx(hiY, offY, cropY, cropH) * frame.stride();
                for (int c = 0; c < outW; c++) {
                    double srcX = sx * c;
                    int loX = (int) Math.floor(srcX);
                    int hiX = Math.min(canvasW - 1, (int) Math.ceil(srcX));
                    double fx = srcX - loX;
                    int ca = idx(loX, offX, cropX, cropW) < 0 ? -1 : idx(loX, offX, cropX, cropW) * 3;
                    int cb = idx(hiX, offX, cropX, cropW) < 0 ? -1 : idx(hiX, offX, cropX, cropW) * 3;
                    for (int chn = 0; chn < 3; chn++) {
                        int k = bgr ? 2 - chn : chn;
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

        private static double sample(byte[] px, int row, int col, int k) {
            return row < 0 || col < 0 ? 0.0 : px[row + col + k] & 0xFF;
        }

        private static int idx(int canvas, int off, int crop0, int cropLen) {
            int i = canvas - off;
            return (i < 0 || i >= cropLen) ? -1 : crop0 + i;
        }
    }
}
