package org.entryguard.camera.internal;

/**
 * Paces a file at its own frame rate, like a live camera: returns how long to wait before delivering a
 * frame with a given presentation time. Re-anchors on the first frame, after a loop and after a jump.
 */
public final class PlaybackClock {
    private static final long MAX_JUMP_MICROS = 5_000_000L;
    private boolean anchored;
    private long baseNanos;
    private long basePtsMicros;
    private long lastPtsMicros;

    /** Nanoseconds to wait until the frame with this timestamp is due (0 if due already). */
    public long waitNanos(long ptsMicros, long nowNanos) {
        if (!anchored || ptsMicros < lastPtsMicros || ptsMicros - lastPtsMicros > MAX_JUMP_MICROS) {
            anchored = true;
            baseNanos = nowNanos;
            basePtsMicros = ptsMicros;
        }
        lastPtsMicros = ptsMicros;
        long due = baseNanos + (ptsMicros - basePtsMicros) * 1000L;
        return Math.max(0, due - nowNanos);
    }

    /** Forgets the anchor (file reopened or looped). */
    public void reset() {
        anchored = false;
        lastPtsMicros = 0;
    }
}
