package org.entryguard.core.guard.internal;

import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;

import java.util.Arrays;

/**
 * Whether the eyes of a face can be seen: the occlusion part of the quality gate (sunglasses, a hand, a mask
 * pulled up). Needs landmarks (68-point iBUG or 5-point): from the two eye centres it lays out, along the eye
 * line and in units of the inter-ocular distance (IOD), an <em>eye patch</em> on each eye (0.5 × 0.25 IOD) and a
 * <em>cheek patch</em> below it (0.4 × 0.2 IOD, 0.55 IOD down), samples BT.601 luma on a fixed grid, and compares
 * them. An open eye shows skin of the lids and the white of the eye, so its brighter part is about as bright as
 * the cheek below it; a dark lens is dark and flat. Comparing with the same person's cheek makes the measure
 * independent of skin tone and exposure.
 *
 * <p>{@link #measure} returns the <em>visibility</em>: per side, the 80th percentile of the eye patch's luma over
 * the cheek patch's mean luma; the result is the mean of the two sides (so a face lit from one side is judged
 * fairly). On the fit half of faces-public (MODELS.md §Accuracy) open eyes score median 0.76, 1st percentile
 * 0.39 (dark-eyed faces, heavy eye make-up, deep shadow); the same faces behind painted dark lenses (15 %
 * transmission) score at most 0.30. Alternatives tried there and dropped (worse separation): the 80th or 95th
 * percentile over a larger lens-sized patch, the texture (mean absolute horizontal difference) of the eye patch,
 * and the mean of a band under the eye. One instance per thread; no allocation per call.
 */
public final class EyeVisibility {
    /** Samples across and down an eye patch. */
    static final int EYE_W = 16;
    static final int EYE_H = 8;
    /** Samples across and down a cheek patch. */
    static final int CHEEK_W = 12;
    static final int CHEEK_H = 6;

    private final float[] eye = new float[EYE_W * EYE_H];
    private final float[] cheek = new float[CHEEK_W * CHEEK_H];
    /** The last measure's per-side parts: {eye p80 left, cheek mean left, eye p80 right, cheek mean right}. */
    private final float[] parts = new float[4];

    /** The last measure's parts: eye 80th percentile and cheek mean, left then right side (image left/right). */
    public float[] lastParts() { return parts.clone(); }

    /**
     * The eye visibility of a face.
     *
     * @param landmarks 136 floats (68-point iBUG) or 10 floats (5 points: eyes first), frame pixels
     * @return the visibility (≥ 0), or NaN when the landmarks are of another layout, the eyes coincide, or a
     *         patch lies outside the frame
     */
    public float measure(ImageFrame frame, float[] landmarks) {
        Arrays.fill(parts, Float.NaN);
        if (landmarks == null) {
            return Float.NaN;
        }
        float lx;
        float ly;
        float rx;
        float ry;
        if (landmarks.length == 136) {
            lx = mean(landmarks, 36, 42, 0);
            ly = mean(landmarks, 36, 42, 1);
            rx = mean(landmarks, 42, 48, 0);
            ry = mean(landmarks, 42, 48, 1);
        } else if (landmarks.length == 10) {
            lx = landmarks[0];
            ly = landmarks[1];
            rx = landmarks[2];
            ry = landmarks[3];
        } else {
            return Float.NaN;
        }
        double ex = rx - lx;
        double ey = ry - ly;
        double iod = Math.hypot(ex, ey);
        if (!(iod >= 2.0)) {
            return Float.NaN;
        }
        // unit vectors along the eye line (u) and down the face (v)
        double ux = ex / iod;
        double uy = ey / iod;
        double vx = -uy;
        double vy = ux;
        float sum = 0f;
        for (int side = 0; side < 2; side++) {
            double cx = side == 0 ? lx : rx;
            double cy = side == 0 ? ly : ry;
            if (!sample(frame, cx, cy, ux, uy, vx, vy, 0.5 * iod, 0.25 * iod, EYE_W, EYE_H, eye)) {
                return Float.NaN;
            }
            double ccx = cx + 0.55 * iod * vx;
            double ccy = cy + 0.55 * iod * vy;
            if (!sample(frame, ccx, ccy, ux, uy, vx, vy, 0.4 * iod, 0.2 * iod, CHEEK_W, CHEEK_H, cheek)) {
                return Float.NaN;
            }
            Arrays.sort(eye);
            float p80 = eye[(int) (0.8f * (eye.length - 1))];
            float c = 0f;
            for (float v : cheek) {
                c += v;
            }
            c /= cheek.length;
            parts[2 * side] = p80;
            parts[2 * side + 1] = c;
            sum += p80 / Math.max(8f, c);
        }
        return sum / 2f;
    }

    /** Nearest-neighbour luma on a w×h grid over a (size u) × (size v) rectangle centred at (cx, cy). */
    private static boolean sample(ImageFrame f, double cx, double cy, double ux, double uy, double vx, double vy,
                                  double width, double height, int w, int h, float[] out) {
        byte[] d = f.data();
        int stride = f.stride();
        boolean rgb = f.format() == PixelFormat.RGB;
        int ro = rgb ? 0 : 2;
        int bo = rgb ? 2 : 0;
        int k = 0;
        for (int j = 0; j < h; j++) {
            double sv = ((j + 0.5) / h - 0.5) * height;
            for (int i = 0; i < w; i++) {
                double su = ((i + 0.5) / w - 0.5) * width;
                int x = (int) Math.floor(cx + su * ux + sv * vx);
                int y = (int) Math.floor(cy + su * uy + sv * vy);
                if (x < 0 || y < 0 || x >= f.width() || y >= f.height()) {
                    return false;
                }
                int o = y * stride + x * 3;
                out[k++] = 0.299f * (d[o + ro] & 0xff) + 0.587f * (d[o + 1] & 0xff) + 0.114f * (d[o + bo] & 0xff);
            }
        }
        return true;
    }

    private static float mean(float[] p, int from, int to, int coord) {
        float s = 0f;
        for (int i = from; i < to; i++) {
            s += p[2 * i + coord];
        }
        return s / (to - from);
    }
}
