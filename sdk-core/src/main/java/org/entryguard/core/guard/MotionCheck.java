package org.entryguard.core.guard;

import org.entryguard.core.ImageFrame;

/**
 * The state of one guard's {@link MotionGate}: the small grey copy of the last analysed frame and when it was taken.
 * Buffers are made when the frame size changes, never per frame; not thread-safe (one camera thread).
 */
final class MotionCheck {
    /** Sampled pixels per cell side: 4×4 samples average out sensor noise at a fraction of a full downscale. */
    private static final int S = 4;

    private final MotionGate gate;
    private final float[] region;
    private final long maxIntervalMillis;
    private int forWidth = -1;
    private int forHeight = -1;
    private int forStride = -1;
    private int gw;
    private int gh;
    private int minChanged;
    private int[] colOffsets;
    private int[] rowOffsets;
    private int[] current;
    private int[] reference;
    private boolean haveReference;
    private long lastAnalysed;
    private volatile long avoided; // one writer (the camera thread), read by metrics from any thread

    /** @param region the guard's detection region (fractions), or null for the whole frame */
    MotionCheck(MotionGate gate, float[] region) {
        this.gate = gate;
        this.region = region;
        this.maxIntervalMillis = gate.maxInterval().toMillis();
    }

    /**
     * Whether to analyse this frame; when it says yes, the frame becomes the reference. {@code busy}: a face is being
     * followed, so the frame is analysed whatever changed.
     */
    boolean analyse(ImageFrame f, long t, boolean busy) {
        layout(f);
        sample(f);
        boolean yes = busy || !haveReference || t < lastAnalysed || t - lastAnalysed >= maxIntervalMillis || changed();
        if (yes) {
            int[] swap = reference;
            reference = current;
            current = swap;
            haveReference = true;
            lastAnalysed = t;
        } else {
            avoided++;
        }
        return yes;
    }

    /** Frames left unanalysed so far. */
    long avoided() { return avoided; }

    private boolean changed() {
        int threshold = gate.cellThreshold();
        int n = 0;
        for (int i = 0; i < current.length; i++) {
            if (Math.abs(current[i] - reference[i]) > threshold && ++n >= minChanged) {
                return true;
            }
        }
        return false;
    }

    /** Each cell's mean grey (sum of the three channels; the weights do not matter for a difference) over S×S samples. */
    private void sample(ImageFrame f) {
        byte[] d = f.data();
        int k = 0;
        for (int cy = 0; cy < gh; cy++) {
            for (int cx = 0; cx < gw; cx++) {
                int sum = 0;
                for (int sy = 0; sy < S; sy++) {
                    int row = rowOffsets[cy * S + sy];
                    for (int sx = 0; sx < S; sx++) {
                        int p = row + colOffsets[cx * S + sx];
                        sum += (d[p] & 0xff) + (d[p + 1] & 0xff) + (d[p + 2] & 0xff);
                    }
                }
                current[k++] = sum / (3 * S * S);
            }
        }
    }

    /** Sample positions for this frame size: evenly spaced inside the region; redone only when the size changes. */
    private void layout(ImageFrame f) {
        if (f.width() == forWidth && f.height() == forHeight && f.stride() == forStride) {
            return;
        }
        forWidth = f.width();
        forHeight = f.height();
        forStride = f.stride();
        float rx = region == null ? 0 : region[0];
        float ry = region == null ? 0 : region[1];
        float rw = region == null ? 1 : region[2];
        float rh = region == null ? 1 : region[3];
        int x0 = Math.min(forWidth - 1, (int) (rx * forWidth));
        int y0 = Math.min(forHeight - 1, (int) (ry * forHeight));
        int w = Math.max(1, Math.min(forWidth - x0, Math.round(rw * forWidth)));
        int h = Math.max(1, Math.min(forHeight - y0, Math.round(rh * forHeight)));
        gw = Math.max(1, Math.min(gate.gridWidth(), w / 2));
        gh = Math.max(1, Math.min(Math.round((float) gw * h / w), h / 2));
        minChanged = Math.max(1, Math.round(gate.minChangedShare() * gw * gh));
        colOffsets = new int[gw * S];
        rowOffsets = new int[gh * S];
        for (int i = 0; i < colOffsets.length; i++) {
            colOffsets[i] = 3 * (x0 + (int) ((i + 0.5f) * w / colOffsets.length));
        }
        for (int i = 0; i < rowOffsets.length; i++) {
            rowOffsets[i] = forStride * (y0 + (int) ((i + 0.5f) * h / rowOffsets.length));
        }
        current = new int[gw * gh];
        reference = new int[gw * gh];
        haveReference = false; // a new size is a new picture: analyse it
    }
}
