package org.entryguard.core;

/**
 * An estimated age with its uncertainty.
 *
 * @param age the model's point estimate in years
 * @param spread one standard deviation of the estimate in years: how far the true age typically lies from
 *               {@code age}. For a single shot it is derived from the model's measured error
 *               (see <a href="package-summary.html#models">Models</a>).
 */
public record AgeEstimate(float age, float spread) {

    /** Lower end of a two-sided interval of {@code k} spreads, never below 0. */
    public float lower(float k) { return Math.max(0f, age - k * spread); }

    /** Upper end of a two-sided interval of {@code k} spreads. */
    public float upper(float k) { return age + k * spread; }
}
