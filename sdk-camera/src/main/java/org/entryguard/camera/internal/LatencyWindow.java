package org.entryguard.camera.internal;

import java.util.Arrays;

/** The last {@value #SIZE} latency samples of one camera, for p50/p99 without allocation when recording. */
public final class LatencyWindow {
    static final int SIZE = 1024;
    private final long[] samples = new long[SIZE];
    private int next;
    private int count;

    /** Records one sample in milliseconds. */
    public synchronized void record(long millis) {
        samples[next] = millis;
        next = (next + 1) & (SIZE - 1);
        if (count < SIZE) {
            count++;
        }
    }

    /** {p50, p99, max} of the window in milliseconds, or {-1, -1, -1} when empty. Allocates (not for the hot path). */
    public long[] percentiles() {
        long[] copy;
        synchronized (this) {
            copy = Arrays.copyOf(samples, count);
        }
        if (copy.length == 0) {
            return new long[] {-1, -1, -1};
        }
        Arrays.sort(copy);
        return new long[] {nearestRank(copy, 0.50), nearestRank(copy, 0.99), copy[copy.length - 1]};
    }

    private static long nearestRank(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
