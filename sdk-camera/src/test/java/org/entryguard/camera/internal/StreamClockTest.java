package org.entryguard.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamClockTest {
    private static final long T0 = 1_790_000_000_000L;

    @Test
    void burstyArrivalsKeepTheVideosSpacing() {
        StreamClock c = new StreamClock();
        // 25 fps video; the decoder stalls and delivers frames 3..6 in one burst at 260 ms
        long[] arrival = {0, 40, 80, 260, 261, 262, 263, 280, 320};
        long prev = -1;
        for (int i = 0; i < arrival.length; i++) {
            long t = c.frameMillis(i * 40_000L, T0 + arrival[i]);
            assertEquals(T0 + i * 40L, t, "frame " + i);
            assertTrue(t <= T0 + arrival[i], "never ahead of the wall clock");
            assertTrue(t > prev);
            prev = t;
        }
    }

    @Test
    void aLateFirstFrameIsCorrectedByTheNextTimelyOne() {
        StreamClock c = new StreamClock();
        assertEquals(T0 + 100, c.frameMillis(0, T0 + 100)); // the first frame was 100 ms late
        assertEquals(T0 + 40, c.frameMillis(40_000, T0 + 40 + 0)); // this one was not: the anchor moves back
        assertEquals(T0 + 80, c.frameMillis(80_000, T0 + 95));
    }

    @Test
    void ptsGoingBackwardsOrJumpingStartsOver() {
        StreamClock c = new StreamClock();
        c.frameMillis(1_000_000, T0);
        assertEquals(T0 + 40, c.frameMillis(1_040_000, T0 + 40));
        assertEquals(T0 + 80, c.frameMillis(0, T0 + 80), "stream restarted: frame time is the arrival");
        assertEquals(T0 + 120, c.frameMillis(40_000, T0 + 120));
        assertEquals(T0 + 160, c.frameMillis(60_000_000, T0 + 160), "a minute's jump starts over");
        assertEquals(T0 + 200, c.frameMillis(-1, T0 + 200), "unknown PTS: arrival time");
        assertEquals(T0 + 240, c.frameMillis(80_000_000, T0 + 240));
        assertEquals(T0 + 280, c.frameMillis(80_000_000, T0 + 280), "a PTS that stands still: arrival time");
    }

    @Test
    void aSlowCameraClockIsCaughtUpGentlyNotByAJump() {
        StreamClock c = new StreamClock();
        long prevT = c.frameMillis(0, T0);
        // the camera's clock runs 1 % slow (100 times a bad quartz): 40 ms of PTS every 40.4 ms, for 2 minutes
        long maxStep = 0;
        for (int i = 1; i < 3000; i++) {
            long wall = T0 + i * 404L / 10;
            long t = c.frameMillis(i * 40_000L, wall);
            maxStep = Math.max(maxStep, t - prevT);
            assertTrue(wall - t <= StreamClock.MAX_LAG_MILLIS + 2, "lag stays bounded at frame " + i + ": " + (wall - t));
            prevT = t;
        }
        assertTrue(maxStep <= 41, "frame times advance by at most the video's step plus 1 ms, got " + maxStep);
    }
}
