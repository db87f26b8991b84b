package org.entryguard.core.guard;

import java.time.Duration;

/**
 * How good shots of one track are fused into one estimate, and when a decision is due. Immutable; build with
 * {@link #custom()}.
 *
 * <p>A track keeps its {@link #bestK()} best shots by quality (the age model only runs on a shot that makes
 * that list). The visit stays UNSURE (no decision) until it has crossed the door inward and either holds
 * {@code bestK} shots, or at least {@link #minShots()} shots whose estimates agree within
 * {@link #agreeSpread()} years. When the {@link #deadline()} after crossing passes, or the person leaves the
 * view, a decision is forced: from the shots there are if at least {@code minShots}, else CHECK_ID.
 *
 * <p>Fusion is a trimmed mean ({@link #trimFraction()} cut from each end, the median for two or fewer kept
 * values). The fused spread is {@code sqrt(σ_model² + s²/n)}: the model's one-shot spread is treated as a
 * per-person bias that more shots of the same face cannot average away (conservative until calibrated), and
 * the shots' own disagreement {@code s} adds its standard error.
 */
public final class FusionConfig {
    private final int minShots;
    private final int bestK;
    private final float agreeSpread;
    private final float trimFraction;
    private final Duration deadline;

    private FusionConfig(Builder b) {
        this.minShots = b.minShots;
        this.bestK = b.bestK;
        this.agreeSpread = b.agreeSpread;
        this.trimFraction = b.trimFraction;
        this.deadline = b.deadline;
    }

    /** The defaults. */
    public static FusionConfig ofDefaults() { return custom().build(); }

    /** A builder starting from the defaults; each setter checks its value (IllegalArgumentException). */
    public static Builder custom() { return new Builder(); }

    /** A builder starting from {@code c}'s settings (to change a few). */
    public static Builder from(FusionConfig c) {
        Builder b = new Builder();
        b.minShots = c.minShots;
        b.bestK = c.bestK;
        b.agreeSpread = c.agreeSpread;
        b.trimFraction = c.trimFraction;
        b.deadline = c.deadline;
        return b;
    }

    /** Fewest shots for a fused estimate (default 3). */
    public int minShots() { return minShots; }

    /** Shots kept per track, the best by quality (default 5). */
    public int bestK() { return bestK; }

    /** Shot standard deviation (years) under which {@code minShots} are enough (default 2.5). */
    public float agreeSpread() { return agreeSpread; }

    /** Fraction trimmed from each end before averaging (default 0.2). */
    public float trimFraction() { return trimFraction; }

    /** Time after crossing the door by which a decision is forced (default 1.5 s). */
    public Duration deadline() { return deadline; }

    /** Builds a {@link FusionConfig}. */
    public static final class Builder {
        private int minShots = 3;
        private int bestK = 5;
        private float agreeSpread = 2.5f;
        private float trimFraction = 0.2f;
        private Duration deadline = Duration.ofMillis(1500);

        private Builder() {
        }

        /** Default 3. */
        public Builder minShots(int n) {
            if (n < 1 || n > 64) {
                throw new IllegalArgumentException("minShots must be within 1..64, got " + n);
            }
            this.minShots = n;
            return this;
        }

        /** Default 5. */
        public Builder bestK(int k) {
            if (k < 1 || k > 64) {
                throw new IllegalArgumentException("bestK must be within 1..64, got " + k);
            }
            this.bestK = k;
            return this;
        }

        /** Default 2.5 years. */
        public Builder agreeSpread(float years) {
            if (!(years >= 0f)) {
                throw new IllegalArgumentException("agreeSpread must be ≥ 0, got " + years);
            }
            this.agreeSpread = years;
            return this;
        }

        /** Default 0.2; within [0, 0.5). */
        public Builder trimFraction(float f) {
            if (!(f >= 0f && f < 0.5f)) {
                throw new IllegalArgumentException("trimFraction must be within [0, 0.5), got " + f);
            }
            this.trimFraction = f;
            return this;
        }

        /** Default 1.5 s. */
        public Builder deadline(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("deadline must be ≥ 0, got " + d);
            }
            this.deadline = d;
            return this;
        }

        /** Builds. */
        public FusionConfig build() {
            if (minShots > bestK) {
                throw new IllegalArgumentException("minShots " + minShots + " exceeds bestK " + bestK
                        + ": lower minShots or raise bestK");
            }
            return new FusionConfig(this);
        }
    }
}
