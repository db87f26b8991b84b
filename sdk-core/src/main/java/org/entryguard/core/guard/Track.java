package org.entryguard.core.guard;

import org.entryguard.core.Face;

/**
 * A face followed across frames, with its motion model, door state and best shots. Instances are pooled by
 * {@link FaceTracker} and reused; camera-thread only.
 */
final class Track {
    long id;
    boolean active;
    /** Last observed box. */
    float x;
    float y;
    float w;
    float h;
    /** Velocity in pixels per millisecond (centre and size). */
    float vx;
    float vy;
    float vw;
    float vh;
    /** Box predicted for the current frame. */
    float px;
    float py;
    float pw;
    float ph;
    long firstSeen;
    long lastSeen;
    int hits;
    int misses;
    /** Detections matched so far that scored at least {@link TrackerConfig#confirmScore()}. */
    int confidentHits;
    /** Face height when first seen (for {@code Door.approach}). */
    float firstHeight;
    /** Last definite door side: +1 inside, −1 outside, 0 not yet known. */
    int side;
    boolean crossedIn;
    boolean leaving;
    /** The detection matched this frame, else null. */
    Face face;
    /** Frames this track has tried to rejoin a recent visit. */
    int rejoinTries;
    /** Whether it rejoined an already decided visit (its shots then re-check that decision). */
    boolean rechecking;
    /** Whether the re-check is over. */
    boolean recheckDone;
    Visit visit;

    /** Best shots by quality, unsorted; {@link #shots} of them are valid. */
    final float[] shotAge;
    final float[] shotSpread;
    final float[] shotQuality;
    int shots;

    Track(int capacity) {
        shotAge = new float[capacity];
        shotSpread = new float[capacity];
        shotQuality = new float[capacity];
    }

    void reset(long id, Face f, long t, float confirmScore) {
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
        this.confidentHits = f.score() >= confirmScore ? 1 : 0;
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

    /** Seen {@code minHits} times with a confident score, or twice as often, to be a person ({@link TrackerConfig}). */
    boolean confirmed(int minHits) {
        return confidentHits >= minHits || hits >= 2 * minHits;
    }

    /** Centre x of the last observed box. */
    float cx() { return x + w / 2f; }

    /** Centre y of the last observed box. */
    float cy() { return y + h / 2f; }

    /** Index of the worst kept shot, or −1 when there is none. */
    int worstShot() {
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
    boolean wantsShot(float quality, int k) {
        if (shots < k) {
            return true;
        }
        int worst = worstShot();
        return worst >= 0 && quality > 1.1f * shotQuality[worst];
    }

    /** Keeps the shot, replacing the worst one when {@code k} are already kept. */
    void addShot(float age, float spread, float quality, int k) {
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
