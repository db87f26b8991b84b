package org.entryguard.core.rules;

/**
 * A two-sided interval for a person's true age, in years.
 *
 * @param lower lower bound, never below 0; NaN when no age could be estimated
 * @param upper upper bound; NaN when no age could be estimated
 */
public record AgeInterval(float lower, float upper) {
    /** No estimate: both ends NaN. */
    public static final AgeInterval NONE = new AgeInterval(Float.NaN, Float.NaN);

    /** Whether both ends are numbers. */
    public boolean known() { return !Float.isNaN(lower) && !Float.isNaN(upper); }

    @Override
    public String toString() {
        return known() ? String.format(java.util.Locale.ROOT, "%.1f–%.1f", lower, upper) : "unknown";
    }
}
