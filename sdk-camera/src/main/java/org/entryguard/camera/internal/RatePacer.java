package org.entryguard.camera.internal;

/**
 * Picks which frames of a faster stream to analyse for a target rate (e.g. 10 of 25 fps), deciding
 * <em>before</em> a frame is decoded to BGR so skipped frames cost no conversion. The schedule is anchored
 * (next due time advances by one period per accepted frame), so the long-run rate matches the target
 * whenever the stream is faster; after a gap (reconnect) it re-anchors instead of bursting.
 */
public final class RatePacer {
    private final long periodNanos;
    private long nextDue;
    private boolean anchored;
    private long lastArrival;
    private long intervalEstimate;

    /** @param targetFps frames per second to accept; 0 accepts every frame */
    public RatePacer(double targetFps) {
        this.periodNanos = targetFps > 0 ? Math.round(1e9 / targetFps) : 0;
    }

    /** Whether the next frame to be read should be converted, given the time now. */
    public boolean wantNext(long nowNanos) {
        if (periodNanos == 0 || !anchored || intervalEstimate == 0) {
            return true;
        }
        // the next frame arrives about one source interval from now; take it if that is at least half an
        // interval before the due time (i.e. it is the frame closest to the due time)
        return nowNanos + intervalEstimate + intervalEstimate / 2 >= nextDue;
    }

    /** Records a frame arrival; returns whether this frame is accepted (call with the {@link #wantNext} answer). */
    public boolean arrived(long nowNanos, boolean wanted) {
        if (lastArrival != 0) {
            long interval = nowNanos - lastArrival;
            if (interval > 0 && interval < 2_000_000_000L) {
                intervalEstimate = intervalEstimate == 0 ? interval : (intervalEstimate * 7 + interval) / 8;
            }
        }
        lastArrival = nowNanos;
        if (!wanted) {
            return false;
        }
        if (periodNanos == 0) {
            return true;
        }
        if (!anchored || nowNanos - nextDue > periodNanos) {
            nextDue = nowNanos + periodNanos;
            anchored = true;
        } else {
            nextDue += periodNanos;
        }
        return true;
    }

    /** Forgets the schedule (after a reconnect). */
    public void reset() {
        anchored = false;
        lastArrival = 0;
    }
}
