package org.entryguard.examples.evaluation;

/**
 * A rate measured as {@code k} hits out of {@code n}, with a confidence interval for the true rate, e.g. "81 of 95
 * 13–17-year-olds stopped, 95 % interval 76.9–91.0 %".
 *
 * <p>The interval is the Wilson score interval (Wilson 1927; Newcombe 1998, method 3). It is used instead of the
 * textbook normal ("Wald") interval because evaluation sets are small per subgroup and the rates of interest sit
 * near 0 or 1, where the Wald interval collapses to zero width (0 of 10 would read "0 %, ±0") or leaves [0, 1].
 * The Wilson interval stays within [0, 1] and keeps close to its nominal coverage there.
 *
 * @param k number of hits, {@code 0 ≤ k ≤ n}
 * @param n number of trials, {@code n ≥ 0}
 * @param lo lower end of the interval; 0 when {@code n == 0}
 * @param hi upper end of the interval; 1 when {@code n == 0} (nothing measured, nothing excluded)
 */
public record Proportion(int k, int n, double lo, double hi) {
    /** The standard normal quantile for a two-sided 95 % interval. */
    public static final double Z95 = 1.959963984540054;

    /** Checks the counts and the interval. */
    public Proportion {
        if (n < 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("need 0 <= k <= n, got k = " + k + ", n = " + n);
        }
        if (!(0.0 <= lo && lo <= hi && hi <= 1.0)) {
            throw new IllegalArgumentException("need 0 <= lo <= hi <= 1, got [" + lo + ", " + hi + "]");
        }
    }

    /** {@code k} of {@code n} with its 95 % Wilson score interval. */
    public static Proportion wilson(int k, int n) {
        return wilson(k, n, Z95);
    }

    /**
     * {@code k} of {@code n} with the Wilson score interval for the standard normal quantile {@code z}
     * (1.96 for 95 %, 1.645 for 90 %).
     */
    public static Proportion wilson(int k, int n, double z) {
        if (n < 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("need 0 <= k <= n, got k = " + k + ", n = " + n);
        }
        if (!(z > 0 && Double.isFinite(z))) {
            throw new IllegalArgumentException("z must be positive, got " + z);
        }
        if (n == 0) {
            return new Proportion(0, 0, 0.0, 1.0);
        }
        double p = (double) k / n;
        double z2n = z * z / n;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z2n / (4.0 * n));
        // at k = 0 and k = n one end is exactly 0 or 1; rounding must not move it off
        double lo = k == 0 ? 0.0 : Math.max(0.0, centre - half);
        double hi = k == n ? 1.0 : Math.min(1.0, centre + half);
        return new Proportion(k, n, lo, hi);
    }

    /** The observed rate {@code k / n}; NaN when {@code n == 0}. */
    public double rate() {
        return n == 0 ? Double.NaN : (double) k / n;
    }
}
