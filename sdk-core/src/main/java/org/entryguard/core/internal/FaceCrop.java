package org.entryguard.core.internal;

import org.entryguard.core.EntryGuardException;
import org.entryguard.core.FaceBox;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;

import java.nio.FloatBuffer;

/**
 * Builds the 112×112 RGB input of the face-api nets (age/gender, 68-point landmarks) from a frame. Two ways:
 * <ul>
 *   <li>{@link #faceApi}: face-api's own {@code extractFaceTensors} + {@code toBatchTensor(112, true)}: the box
 *       clipped to the frame and floored, cut out, padded to a square with zeros split evenly, TF-legacy
 *       bilinear resize. Bit-identical to face-api (see MODELS.md).</li>
 *   <li>{@link #square}: a square of any size, centre and rotation sampled straight from the frame with the
 *       same TF-legacy sampling rule ({@code src = ratio · dst}); frame pixels outside the image are zeros,
 *       as face-api's padding. Used for the adjusted crops and the eye-line alignment.</li>
 * </ul>
 * Not thread-safe (reuses the resizer's tables); one per estimator instance.
 */
public final class FaceCrop {
    private final TfBilinearResizer resizer = new TfBilinearResizer();
    private final int size;
    private int lastW;
    private int lastH;

    public FaceCrop(int size) {
        this.size = size;
    }

    /** Crop width of the last {@link #faceApi} call (after clipping and flooring). */
    public int lastWidth() { return lastW; }

    /** Crop height of the last {@link #faceApi} call. */
    public int lastHeight() { return lastH; }

    /**
     * face-api's crop of box ({@code bx, by, bw, bh}) into {@code dst}; throws when nothing of the box lies in
     * the frame.
     */
    public void faceApi(ImageFrame frame, double bx, double by, double bw, double bh, FloatBuffer dst) {
        // Box.clipAtImageBorders(...).floor() in face-api
        double x = Math.max(bx, 0);
        double y = Math.max(by, 0);
        double cw = Math.min(bx + bw - x, frame.width() - x);
        double ch = Math.min(by + bh - y, frame.height() - y);
        int cx = (int) Math.floor(x);
        int cy = (int) Math.floor(y);
        int w = (int) Math.floor(cw);
        int h = (int) Math.floor(ch);
        if (!(w > 0 && h > 0) || cx >= frame.width() || cy >= frame.height()) {
            throw new EntryGuardException("Face box " + new FaceBox((float) bx, (float) by, (float) bw, (float) bh)
                    + " lies outside the " + frame.width() + "x" + frame.height()
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
        resizer.resize(frame, cx, cy, w, h, side, side, offX, offY, size, size, dst);
        lastW = w;
        lastH = h;
    }

    /**
     * A square of side {@code side} frame pixels centred at ({@code cx, cy}) and rotated by {@code theta} radians
     * (positive turns the square's x axis towards the frame's y axis, i.e. the angle of a left-to-right eye line
     * in image coordinates), sampled into {@code dst}. Throws when the square does not overlap the frame.
     */
    public void square(ImageFrame frame, double cx, double cy, double side, double theta, FloatBuffer dst) {
        if (!(side >= 1.0) || !Double.isFinite(cx) || !Double.isFinite(cy) || !Double.isFinite(theta)
                || cx + side < 0 || cy + side < 0 || cx - side > frame.width() || cy - side > frame.height()) {
            throw new EntryGuardException("Face crop (centre " + cx + "," + cy + ", side " + side + ") lies outside the "
                    + frame.width() + "x" + frame.height() + " frame or is empty; pass a box from the detector for this frame");
        }
        double cs = Math.cos(theta);
        double sn = Math.sin(theta);
        double ratio = side / size;
        double ox = cx - (cs - sn) * side / 2;
        double oy = cy - (sn + cs) * side / 2;
        byte[] px = frame.data();
        int stride = frame.stride();
        int fw = frame.width();
        int fh = frame.height();
        boolean bgr = frame.format() == PixelFormat.BGR;
        int p = 0;
        for (int r = 0; r < size; r++) {
            double v = r * ratio;
            for (int c = 0; c < size; c++) {
                double u = c * ratio;
                double sx = ox + cs * u - sn * v;
                double sy = oy + sn * u + cs * v;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int ch = 0; ch < 3; ch++) {
                    int k = bgr ? 2 - ch : ch;
                    double tl = sample(px, stride, fw, fh, x0, y0, k);
                    double tr = sample(px, stride, fw, fh, x0 + 1, y0, k);
                    double bl = sample(px, stride, fw, fh, x0, y0 + 1, k);
                    double br = sample(px, stride, fw, fh, x0 + 1, y0 + 1, k);
                    double top = tl + (tr - tl) * fx;
                    double bottom = bl + (br - bl) * fx;
                    dst.put(p++, (float) (top + (bottom - top) * fy));
                }
            }
        }
    }

    /** Mirrors an NHWC size×size×3 tensor left-right in place. */
    public static void mirror(FloatBuffer t, int size) {
        for (int y = 0; y < size; y++) {
            int row = y * size;
            for (int x = 0; x < size / 2; x++) {
                int i = (row + x) * 3;
                int j = (row + size - 1 - x) * 3;
                for (int c = 0; c < 3; c++) {
                    float v = t.get(i + c);
                    t.put(i + c, t.get(j + c));
                    t.put(j + c, v);
                }
            }
        }
    }

    private static double sample(byte[] px, int stride, int w, int h, int x, int y, int k) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return 0.0;
        }
        return px[y * stride + x * 3 + k] & 0xFF;
    }
}
