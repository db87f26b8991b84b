package org.entryguard.core.guard;

import java.time.Duration;

/**
 * When the guard may leave a frame unanalysed: most frames at a door show nobody, and the face detector is the
 * dearest step of every analysed frame. With the gate on, a frame is analysed only when the door region (the
 * guard's detection region, else the whole frame) changed since the last analysed frame, while any face is being
 * followed, or when {@link #maxInterval()} has passed since the last analysed frame; otherwise the detector is not
 * run and the frame yields no decision. Immutable; {@link #off()}, {@link #ofDefaults()} or {@link #custom()}.
 *
 * <p>The change test is cheap: a {@link #gridWidth()}-cell-wide grey copy of the region (each cell the mean of 16
 * sampled pixels, kept in buffers made once per frame size) against the copy of the last analysed frame; the region
 * changed when at least {@link #minChangedShare()} of its cells moved by more than {@link #cellThreshold()} grey
 * levels. Averaging over a cell keeps sensor noise and compression flicker far below the threshold, while a person
 * entering the region changes many cells by tens of levels.
 */
public final class MotionGate {
    private static final MotionGate OFF = new MotionGate(new Builder(), false);

    private final boolean enabled;
    private final int cellThreshold;
    private final float minChangedShare;
    private final Duration maxInterval;
    private final int gridWidth;

    private MotionGate(Builder b, boolean enabled) {
        this.enabled = enabled;
        this.cellThreshold = b.cellThreshold;
        this.minChangedShare = b.minChangedShare;
        this.maxInterval = b.maxInterval;
        this.gridWidth = b.gridWidth;
    }

    /** No gate: every frame is analysed. */
    public static MotionGate off() { return OFF; }

    /** The gate on, with the default thresholds. */
    public static MotionGate ofDefaults() { return custom().build(); }

    /** A builder starting from the defaults; each setter checks its value (IllegalArgumentException). */
    public static Builder custom() { return new Builder(); }

    /** Whether frames may be left unanalysed. */
    public boolean enabled() { return enabled; }

    /** Grey levels (0–255) a cell's mean must move by to count as changed (default 12). */
    public int cellThreshold() { return cellThreshold; }

    /** Share of the grid's cells that must change for the region to count as changed (default 0.002). */
    public float minChangedShare() { return minChangedShare; }

    /** Longest time, in frame time, between two analysed frames even when nothing moved (default 2 s). */
    public Duration maxInterval() { return maxInterval; }

    /** Cells across the region (default 64; fewer when the region is narrower in pixels). */
    public int gridWidth() { return gridWidth; }

    @Override
    public boolean equals(Object o) {
        return o instanceof MotionGate g && g.enabled == enabled && g.cellThreshold == cellThreshold
                && g.minChangedShare == minChangedShare && g.maxInterval.equals(maxInterval) && g.gridWidth == gridWidth;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(enabled, cellThreshold, minChangedShare, maxInterval, gridWidth);
    }

    @Override
    public String toString() {
        return enabled ? "MotionGate[cellThreshold=" + cellThreshold + ", minChangedShare=" + minChangedShare
                + ", maxInterval=" + maxInterval + ", gridWidth=" + gridWidth + "]" : "MotionGate[off]";
    }

    /** Builds a {@link MotionGate} that is on. */
    public static final class Builder {
        private int cellThreshold = 12;
        private float minChangedShare = 0.002f;
        private Duration maxInterval = Duration.ofSeconds(2);
        private int gridWidth = 64;

        private Builder() {
        }

        /** Default 12 grey levels. */
        public Builder cellThreshold(int levels) {
            if (levels < 1 || levels > 254) {
                throw new IllegalArgumentException("cellThreshold must be within 1..254 grey levels, got " + levels);
            }
            this.cellThreshold = levels;
            return this;
        }

        /** Default 0.002 (about 6 cells of a 64×48 grid): a face 4 cells wide changes more than that. */
        public Builder minChangedShare(float share) {
            if (!(share > 0f && share <= 1f)) {
                throw new IllegalArgumentException("minChangedShare must be within (0, 1], got " + share);
            }
            this.minChangedShare = share;
            return this;
        }

        /** Default 2 s: a person who somehow arrived without moving anything is still seen within this time. */
        public Builder maxInterval(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("maxInterval must be positive, e.g. PT2S, got " + d);
            }
            this.maxInterval = d;
            return this;
        }

        /** Default 64 cells across the region. */
        public Builder gridWidth(int cells) {
            if (cells < 4 || cells > 256) {
                throw new IllegalArgumentException("gridWidth must be within 4..256 cells, got " + cells);
            }
            this.gridWidth = cells;
            return this;
        }

        /** Builds a gate that is on. */
        public MotionGate build() { return new MotionGate(this, true); }
    }
}
