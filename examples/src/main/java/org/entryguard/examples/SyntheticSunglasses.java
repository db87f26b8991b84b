package org.entryguard.examples;

import org.entryguard.core.ImageFrame;

/**
 * Paints dark sunglass lenses onto a face, for {@code evaluate --synthetic-sunglasses on}: measures how often the
 * quality gate's occlusion check catches covered eyes and what dark lenses do to the age estimate, on photos
 * where nobody wears sunglasses. Each lens is an ellipse 0.64 × 0.46 inter-ocular distances (IOD), centred
 * 0.03 IOD below the eye centre found by the 68-point landmarks, letting through a fraction of the light (the
 * transmission; 0.15 for dark lenses) plus a small grey floor (10 levels, glare); a bridge of the same tint joins
 * them.
 */
final class SyntheticSunglasses {
    private SyntheticSunglasses() {
    }

    /** Dark lenses: 15 % transmission. */
    static final float DARK = 0.15f;

    /** A copy of {@code frame} with lenses of {@code transmission} (0–1) over the eyes of the 68-point {@code landmarks}. */
    static ImageFrame paint(ImageFrame frame, float[] landmarks, float transmission) {
        byte[] px = new byte[frame.height() * frame.stride()];
        System.arraycopy(frame.data(), 0, px, 0, Math.min(px.length, frame.data().length));
        float[] l = eye(landmarks, 36);
        float[] r = eye(landmarks, 42);
        double iod = Math.hypot(r[0] - l[0], r[1] - l[1]);
        double ux = (r[0] - l[0]) / iod;
        double uy = (r[1] - l[1]) / iod;
        double a = 0.32 * iod;
        double b = 0.23 * iod;
        for (float[] c : new float[][] {l, r}) {
            double cx = c[0] - uy * 0.03 * iod;
            double cy = c[1] + ux * 0.03 * iod;
            tint(frame, px, cx, cy, ux, uy, a, b, false, transmission);
        }
        // bridge: a thin bar between the inner lens edges
        double mx = (l[0] + r[0]) / 2.0;
        double my = (l[1] + r[1]) / 2.0 - ux * 0.05 * iod;
        tint(frame, px, mx, my, ux, uy, 0.2 * iod, 0.04 * iod, true, transmission);
        return ImageFrame.of(px, frame.width(), frame.height(), frame.stride(), frame.format(), frame.timestampMillis(),
                frame.sourceId());
    }

    private static void tint(ImageFrame f, byte[] px, double cx, double cy, double ux, double uy, double a, double b, boolean box,
                             float transmission) {
        int r = (int) Math.ceil(Math.max(a, b)) + 1;
        for (int y = (int) cy - r; y <= (int) cy + r; y++) {
            for (int x = (int) cx - r; x <= (int) cx + r; x++) {
                if (x < 0 || y < 0 || x >= f.width() || y >= f.height()) {
                    continue;
                }
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double u = (dx * ux + dy * uy) / a;
                double v = (-dx * uy + dy * ux) / b;
                boolean inside = box ? Math.abs(u) <= 1 && Math.abs(v) <= 1 : u * u + v * v <= 1;
                if (inside) {
                    int o = y * f.stride() + x * 3;
                    for (int k = 0; k < 3; k++) {
                        px[o + k] = (byte) Math.min(255, Math.round(10 + transmission * (px[o + k] & 0xff)));
                    }
                }
            }
        }
    }

    private static float[] eye(float[] p, int from) {
        float x = 0f;
        float y = 0f;
        for (int i = from; i < from + 6; i++) {
            x += p[2 * i];
            y += p[2 * i + 1];
        }
        return new float[] {x / 6, y / 6};
    }
}
