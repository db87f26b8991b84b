package org.entryguard.camera.internal;

/**
 * A live frame's time from the stream's own presentation time (PTS), not from when the decode thread got to it.
 * Frames arrive in bursts (network, decoder catching up after the machine was busy): stamped on arrival, two
 * frames 40 ms apart in the video may carry times 2 ms apart, and the tracker then measures a tenfold speed.
 * Here a frame's time is the wall-clock time of the earliest-arriving frame seen so far plus the PTS distance
 * to it, so times keep the video's spacing, never run ahead of the wall clock, and trail it by the decode backlog.
 *
 * <p>The anchor moves: earlier whenever a frame arrives sooner than its PTS says (the anchor frame was itself
 * late), later by at most 1 ms per frame when the camera's clock runs slow against ours (so a slow drift never
 * becomes a jump), and it starts over when the PTS stands still or goes backwards, jumps by more than
 * {@link #MAX_JUMP_MILLIS} or is missing (then the frame's time is its arrival). Decode-thread only.
 */
public final class StreamClock {
    /** A PTS step or a lag beyond this starts over (stream reset, RTCP re-sync, a long stall). */
    static final long MAX_JUMP_MILLIS = 5_000;
    /** Lag behind the wall clock tolerated before the anchor is walked forward. */
    static final long MAX_LAG_MILLIS = 500;

    private boolean anchored;
    private long baseWallMillis;
    private long basePtsMicros;
    private long lastPtsMicros;

    /**
     * The frame time, epoch milliseconds.
     *
     * @param ptsMicros the frame's presentation time in microseconds (JavaCV's {@code Frame.timestamp}); a
     *                  negative value means unknown
     * @param wallMillis when the frame was decoded, epoch milliseconds
     */
    public long frameMillis(long ptsMicros, long wallMillis) {
        if (ptsMicros < 0) {
            anchored = false;
            return wallMillis;
        }
        if (!anchored || ptsMicros <= lastPtsMicros || ptsMicros - lastPtsMicros > MAX_JUMP_MILLIS * 1000) {
            return anchor(ptsMicros, wallMillis);
        }
        lastPtsMicros = ptsMicros;
        long t = baseWallMillis + (ptsMicros - basePtsMicros) / 1000;
        if (t > wallMillis) { // this frame came sooner than the anchor frame: that one was late
            baseWallMillis -= t - wallMillis;
            return wallMillis;
        }
        long lag = wallMillis - t;
        if (lag > MAX_JUMP_MILLIS) {
            return anchor(ptsMicros, wallMillis);
        }
        if (lag > MAX_LAG_MILLIS) {
            baseWallMillis++;
            t++;
        }
        return t;
    }

    /** Starts over (after a reconnect). */
    public void reset() {
        anchored = false;
    }

    private long anchor(long ptsMicros, long wallMillis) {
        anchored = true;
        baseWallMillis = wallMillis;
        basePtsMicros = ptsMicros;
        lastPtsMicros = ptsMicros;
        return wallMillis;
    }
}
