package org.entryguard.core.guard.internal;

import org.entryguard.core.FaceBox;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;

/**
 * A cheap colour signature of a face (4×4×4 RGB histogram of the central 60 % of the box, ≤ 1024 samples)
 * used to recognise a person who steps out of view and back within the revisit window. Not face recognition:
 * it only tells apart clearly different faces, which is why a rejoined visit is re-checked.
 */
public final class Appearance {
    /** Signature length. */
    public static final int BINS = 64;

    private Appearance() {
    }

    /** Writes the signature of {@code box} into {@code out} (length {@link #BINS}); false if the box is outside. */
    public static boolean signature(ImageFrame frame, FaceBox box, float[] out) {
        java.util.Arrays.fill(out, 0f);
        float mx = 0.2f * box.width();
        float my = 0.2f * box.height();
        int x0 = Math.max(0, (int) (box.x() + mx));
        int y0 = Math.max(0, (int) (box.y() + my));
        int x1 = Math.min(frame.width(), (int) (box.right() - mx));
        int y1 = Math.min(frame.height(), (int) (box.bottom() - my));
        if (x1 - x0 < 2 || y1 - y0 < 2) {
            return false;
        }
        int step = Math.max(1, (int) Math.sqrt((double) (x1 - x0) * (y1 - y0) / 1024.0));
        byte[] d = frame.data();
        int stride = frame.stride();
        boolean rgb = frame.format() == PixelFormat.RGB;
        int n = 0;
        for (int y = y0; y < y1; y += step) {
            for (int x = x0; x < x1; x += step) {
                int o = y * stride + x * 3;
                int r = (d[o + (rgb ? 0 : 2)] & 0xff) >> 6;
                int g = (d[o + 1] & 0xff) >> 6;
                int b = (d[o + (rgb ? 2 : 0)] & 0xff) >> 6;
                out[(r << 4) | (g << 2) | b] += 1f;
                n++;
            }
        }
        for (int i = 0; i < BINS; i++) {
            out[i] /= n;
        }
        return true;
    }

    /** Histogram intersection of two signatures, 0 (nothing in common) … 1 (identical). */
    public static float similarity(float[] a, float[] b) {
        float s = 0f;
        for (int i = 0; i < BINS; i++) {
            s += Math.min(a[i], b[i]);
        }
        return s;
    }
}
