package org.entryguard.core.internal;

/** Small numeric helpers shared by fusion and rules. */
public final class Stats {
    private Stats() {
    }

    /**
     * Standard normal CDF Φ(x), via the complementary error function of Numerical Recipes (erfcc, fractional
     * error &lt; 1.2e-7 everywhere): accurate enough for decision probabilities, no allocation, no dependencies.
     */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2.0));
    }

    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }
}
