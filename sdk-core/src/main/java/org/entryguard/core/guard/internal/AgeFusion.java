package org.entryguard.core.guard.internal;

/**
 * Robust fusion of several age estimates of one face: trimmed mean (median when two or fewer values remain)
 * and a spread that combines the model's one-shot spread with the shots' disagreement (see
 * {@link org.entryguard.core.guard.FusionConfig}). Results go into a reusable holder; no allocation.
 */
public final class AgeFusion {
    /** The fused estimate. */
    public static final class Result {
        /** Fused age, years. */
        public float age = Float.NaN;
        /** Fused spread, years (one standard deviation). */
        public float spread = Float.NaN;
        /** Standard deviation of the shots that were averaged (0 for one shot). */
        public float shotStd;
        /** Number of shots fused. */
        public int shots;
    }

    private final float[] sorted;

    /** @param capacity most shots fused at once */
    public AgeFusion(int capacity) {
        this.sorted = new float[capacity];
    }

    /**
     * Fuses {@code n} shots.
     *
     * @param ages per-shot ages
     * @param spreads per-shot model spreads
     * @param trim fraction trimmed from each end
     */
    public void fuse(float[] ages, float[] spreads, int n, float trim, Result out) {
        out.shots = n;
        if (n == 0) {
            out.age = Float.NaN;
            out.spread = Float.NaN;
            out.shotStd = 0f;
            return;
        }
        System.arraycopy(ages, 0, sorted, 0, n);
        for (int i = 1; i < n; i++) { // insertion sort: n is a handful
            float v = sorted[i];
            int j = i - 1;
            while (j >= 0 && sorted[j] > v) {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = v;
        }
        int k = (int) Math.floor(trim * n);
        int from = k;
        int to = n - k;
        float centre;
        if (to - from >= 3) {
            double s = 0;
            for (int i = from; i < to; i++) {
                s += sorted[i];
            }
            centre = (float) (s / (to - from));
        } else {
            from = 0;
            to = n;
            centre = (n % 2 == 1) ? sorted[n / 2] : 0.5f * (sorted[n / 2 - 1] + sorted[n / 2]);
        }
        double var = 0;
        int m = to - from;
        if (m >= 2) {
            for (int i = from; i < to; i++) {
                double d = sorted[i] - centre;
                var += d * d;
            }
            var /= (m - 1);
        }
        double model = 0;
        for (int i = 0; i < n; i++) {
            model += spreads[i];
        }
        model /= n;
        out.age = centre;
        out.shotStd = (float) Math.sqrt(var);
        out.spread = (float) Math.sqrt(model * model + var / n);
    }
}
