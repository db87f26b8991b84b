package org.entryguard.core.guard.internal;

import org.entryguard.core.Face;

/**
 * A face followed across frames, with its motion model, door state and best shots. Instances are pooled by
 * {@link FaceTracker} and reused; camera-thread only.
 */
public final class Track {
    public long id;
    public boolean active;
    /** Last observed box. */
    public float x;
    public float y;
    public float w;
    public float h;
    /** Velocity in pixels per millisecond (centre and size). */
    public float vx;
    public float vy;
    public float vw;
    public float vh;
    /** Box predicted for the current frame. */
    public float px;
    public float py;
    public float pw;
    public float ph;
    public long firstSeen;
    public long lastSeen;
    public int hits;
    public int misses;
    /** Face height when first seen (for {@code Door.approach}). */
    public float firstHeight;
    /** Last definite door side: +1 inside, −1 outside, 0 not yet known. */
    public int side;
    public boolean crossedIn;
    public boolean leaving;
    /** The detection matched this frame, else null. */
    public Face face;
    /** Frames this track has tried to rejoin a recent visit. */
    public int rejoinTries;
    /** Whether it rejoined an already decided visit (its shots then re-check that decision). */
    public boolean rechecking;
    /** Whether the re-check is over. */
    public boolean recheckDone;
    public Visit visit;

    /** Best shots by quality, unsorted; {@link #shots} of them are valid. */
    public final float[] shotAge;
    public final float[] shotSpread;
    public final float[] shotQuality;
    public int shots;

    Track(int capacity) {
        shotAge = new float[capacity];
        shotSpread = new float[capacity];
        shotQuality = new float[capacity];
    }

    void reset(long id, Face f, long t) {
        this.id = id;
        this.active = true;
        this.x = f.box().x();
        this.y = f.box().y();
        this.w = f.box().width();
        this.h = f.box().height();
        this.vx = 0;
        this.vy = 0;
        this.vw = 0;
        this.vh = 0;
        this.px = x;
        this.py = y;
        this.pw = w;
        this.ph = h;
        this.firstSeen = t;
        this.lastSeen = t;
        this.hits = 1;
        this.misses = 0;
        this.firstHeight = h;
        this.side = 0;
        this.crossedIn = false;
        this.leaving = false;
        this.face = f;
        this.rejoinTries = 0;
        this.rechecking = false;
        this.recheckDone = false;
        this.visit = null;
        this.shots = 0;
    }

    /** Centre x of the last observed box. */
    public float cx() { return x + w / 2f; }

    /** Centre y of the last observed box. */
    public float cy() { return y + h / 2f; }

    /** Index of the worst kept shot, or −1 when there is none. */
    public int worstShot() {
        int worst = -1;
        for (int i = 0; i < shots; i++) {
            if (worst < 0 || shotQuality[i] < shotQuality[worst]) {
                worst = i;
            }
        }
        return worst;
    }

    /**
     * Whether a shot of this quality would make the best {@code k}. Once {@code k} are kept a new shot must beat
     * the worst by 10 %, so a person lingering in view with jittery quality does not keep the age model busy.
     */
    public boolean wantsShot(float quality, int k) {
        if (shots < k) {
            return true;
        }
        int worst = worstShot();
        return worst >= 0 && quality > 1.1f * shotQuality[worst];
    }

    /** Keeps the shot, replacing the worst one when {@code k} are already kept. */
    public void addShot(float age, float spread, float quality, int k) {
        int i;
        if (shots < k) {
            i = shots++;
        } else {
            i = worstShot();
        }
        shotAge[i] = age;
        shotSpread[i] = spread;
        shotQuality[i] = quality;
    }
}
