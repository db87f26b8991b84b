package org.entryguard.alerts;

import java.time.Duration;


/**
 * How a sink retries (the Resilience4j shape: {@link #ofDefaults()} or {@link #custom()}...{@code build()}).
 * The n-th retry waits {@code initialInterval * multiplier^(n-1)}, capped at {@code maxInterval}, then spread by
 * ±{@code randomizationFactor} so many venues do not retry in step after an outage. A {@code Retry-After}
 * answer is honoured (waited at least), up to {@code maxInterval}. Once the next attempt would fall past
 * {@code maxDuration} after the alert was queued, the alert goes to the dead-letter file.
 */
public final class RetryConfig {
    private final Duration initialInterval;
    private final double multiplier;
    private final double randomizationFactor;
    private final Duration maxInterval;
    private final Duration maxDuration;

    private RetryConfig(Builder b) {
        this.initialInterval = b.initialInterval;
        this.multiplier = b.multiplier;
        this.randomizationFactor = b.randomizationFactor;
        this.maxInterval = b.maxInterval;
        this.maxDuration = b.maxDuration;
    }

    /** 1 s initial, ×2, ±50 % jitter, at most 1 h apart, for up to 3 days. */
    public static RetryConfig ofDefaults() { return custom().build(); }

    /** A builder starting from the defaults. */
    public static Builder custom() { return new Builder(); }

    /** First retry delay. */
    public Duration initialInterval() { return initialInterval; }
    /** Growth per retry. */
    public double multiplier() { return multiplier; }
    /** Jitter as a fraction of the delay, in [0, 1]. */
    public double randomizationFactor() { return randomizationFactor; }
    /** Longest delay between two attempts. */
    public Duration maxInterval() { return maxInterval; }
    /** How long after queueing an alert is retried before it is dead-lettered. */
    public Duration maxDuration() { return maxDuration; }

    /**
     * The delay before retry number {@code retry} (1-based), given a uniform random number in [0, 1).
     */
    public Duration delayFor(int retry, double random) {
        double base = initialInterval.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
        base = Math.min(base, maxInterval.toMillis());
        double spread = base * randomizationFactor;
        double ms = base - spread + random * 2 * spread;
        return Duration.ofMillis(Math.max(1, Math.min((long) ms, maxInterval.toMillis())));
    }

    @Override
    public String toString() {
        return "RetryConfig[initial=" + initialInterval + " x" + multiplier + " ±" + randomizationFactor
                + " max=" + maxInterval + " horizon=" + maxDuration + "]";
    }

    /** Collects retry settings; each setter checks its value, {@link #build()} checks them together. */
    public static final class Builder {
        private Duration initialInterval = Duration.ofSeconds(1);
        private double multiplier = 2;
        private double randomizationFactor = 0.5;
        private Duration maxInterval = Duration.ofHours(1);
        private Duration maxDuration = Duration.ofDays(3);

        private Builder() { }

        /** First retry delay; default 1 s. */
        public Builder initialInterval(Duration d) { this.initialInterval = positive("initialInterval", d); return this; }
        /** Growth per retry, at least 1; default 2. */
        public Builder multiplier(double m) {
            if (!(m >= 1)) throw new IllegalArgumentException("retry multiplier " + m + " must be at least 1, e.g. 2");
            this.multiplier = m;
            return this;
        }
        /** Jitter fraction in [0, 1]; default 0.5. */
        public Builder randomizationFactor(double f) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("retry randomizationFactor " + f + " must be in [0, 1], e.g. 0.5");
            }
            this.randomizationFactor = f;
            return this;
        }
        /** Longest delay between attempts; default 1 h. */
        public Builder maxInterval(Duration d) { this.maxInterval = positive("maxInterval", d); return this; }
        /** Retry horizon counted from queueing; default 3 days. */
        public Builder maxDuration(Duration d) { this.maxDuration = positive("maxDuration", d); return this; }

        /** @throws IllegalArgumentException when maxInterval is below initialInterval */
        public RetryConfig build() {
            if (maxInterval.compareTo(initialInterval) < 0) {
                throw new IllegalArgumentException("retry maxInterval " + maxInterval + " is below initialInterval " + initialInterval
                        + ": raise maxInterval");
            }
            return new RetryConfig(this);
        }

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("retry " + name + " must be a positive duration, e.g. Duration.ofSeconds(1)");
            }
            return d;
        }
    }
}
