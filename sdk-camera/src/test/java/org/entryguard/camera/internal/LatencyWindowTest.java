package org.entryguard.camera.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class LatencyWindowTest {
    @Test
    void percentilesOfTheRecentWindow() {
        LatencyWindow w = new LatencyWindow();
        assertArrayEquals(new long[] {-1, -1, -1}, w.percentiles());
        for (int i = 1; i <= 100; i++) {
            w.record(i);
        }
        assertArrayEquals(new long[] {50, 99, 100}, w.percentiles());
        for (int i = 0; i < LatencyWindow.SIZE; i++) {
            w.record(7);
        }
        assertArrayEquals(new long[] {7, 7, 7}, w.percentiles(), "old samples roll out");
    }
}
