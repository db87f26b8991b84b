package org.entryguard.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RatePacerTest {
    /** Simulates a camera at sourceFps for the given seconds; returns accepted frames. */
    private static int simulate(double sourceFps, double targetFps, int seconds, long jitterNanos) {
        RatePacer pacer = new RatePacer(targetFps);
        long interval = Math.round(1e9 / sourceFps);
        long now = 1_000_000_000L;
        int accepted = 0;
        int frames = (int) (sourceFps * seconds);
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < frames; i++) {
            boolean want = pacer.wantNext(now); // decided right after the previous frame
            long arrival = now + interval + (jitterNanos == 0 ? 0 : (long) ((r.nextDouble() - 0.5) * jitterNanos));
            if (pacer.arrived(arrival, want)) {
                accepted++;
            }
            now = arrival;
        }
        return accepted;
    }

    @Test
    void tenOfTwentyFive() {
        int n = simulate(25, 10, 60, 0);
        assertTrue(Math.abs(n - 600) <= 2, "expected ~600 frames at 10 fps over 60 s, got " + n);
    }

    @Test
    void tenOfThirtyWithJitter() {
        int n = simulate(30, 10, 60, 8_000_000);
        assertTrue(Math.abs(n - 600) <= 6, "expected ~600 frames, got " + n);
    }

    @Test
    void targetAboveSourceTakesEverything() {
        assertEquals(250, simulate(25, 50, 10, 0));
    }

    @Test
    void zeroTargetTakesEverything() {
        assertEquals(250, simulate(25, 0, 10, 0));
    }

    @Test
    void reanchorsAfterAGapInsteadOfBursting() {
        RatePacer pacer = new RatePacer(10);
        long t = 0;
        for (int i = 0; i < 50; i++) {
            boolean want = pacer.wantNext(t);
            t += 40_000_000L;
            pacer.arrived(t, want);
        }
        t += 30_000_000_000L; // 30 s outage
        int acceptedInFirstSecond = 0;
        for (int i = 0; i < 25; i++) {
            boolean want = pacer.wantNext(t);
            t += 40_000_000L;
            if (pacer.arrived(t, want)) {
                acceptedInFirstSecond++;
            }
        }
        assertTrue(acceptedInFirstSecond <= 11, "no catch-up burst: " + acceptedInFirstSecond);
    }
}
