package org.entryguard.core.guard;

import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;

import java.util.List;

/**
 * Follows faces across frames: greedy IoU matching of detections to boxes predicted with each track's
 * constant velocity (smoothed), or to the track's last box when that overlaps more, tolerating a few missed
 * frames. Tracks are pooled; a steady-state update
 * allocates nothing. Camera-thread only.
 */
final class FaceTracker {
    /** Receives tracks as they end, before their slot is reused. */
    interface LostHandler {
        /** {@code track} was not seen for too long at frame time {@code t}. */
        void lost(Track track, long t);
    }

    /** Most detections considered per frame (by score). */
    static final int MAX_DETECTIONS = 64;
    /** Weight of the newest motion in the smoothed velocity. */
    private static final float ALPHA = 0.5f;

    private final TrackerConfig config;
    private final Track[] tracks;
    private final float[] pairIou;
    private final int[] pairTrack;
    private final int[] pairDet;
    private final boolean[] detUsed = new boolean[MAX_DETECTIONS];
    private final boolean[] trackUsed;
    private final long maxGapMillis;
    private long nextId = 1;
    private long lastT = Long.MIN_VALUE;

    FaceTracker(TrackerConfig config, int shotCapacity) {
        this.config = config;
        int n = config.maxTracks();
        this.tracks = new Track[n];
        for (int i = 0; i < n; i++) {
            tracks[i] = new Track(shotCapacity);
        }
        this.pairIou = new float[n * MAX_DETECTIONS];
        this.pairTrack = new int[n * MAX_DETECTIONS];
        this.pairDet = new int[n * MAX_DETECTIONS];
        this.trackUsed = new boolean[n];
        this.maxGapMillis = config.maxGap().toMillis();
    }

    /** Whether any face is being followed. */
    boolean anyActive() {
        for (Track tr : tracks) {
            if (tr.active) {
                return true;
            }
        }
        return false;
    }

    /** The track pool; check {@link Track#active}. */
    Track[] tracks() { return tracks; }

    /**
     * Matches this frame's faces to tracks. Afterwards every active track has {@link Track#face} set when it
     * was matched this frame (null otherwise); new tracks have {@code hits == 1}. Tracks that end are passed
     * to {@code onLost} and freed.
     */
    void update(List<Face> faces, long t, LostHandler onLost) {
        int nd = Math.min(faces.size(), MAX_DETECTIONS);
        long step = lastT == Long.MIN_VALUE ? 0 : t - lastT;
        if (step < 0) {
            step = 0; // out-of-order timestamps: treat as simultaneous rather than reverse the motion model
        }
        lastT = Math.max(lastT, t);
        int np = 0;
        for (int i = 0; i < tracks.length; i++) {
            Track tr = tracks[i];
            trackUsed[i] = false;
            if (!tr.active) {
                continue;
            }
            tr.face = null;
            long dt = Math.max(0, t - tr.lastSeen);
            tr.pw = Math.max(1f, tr.w + tr.vw * dt);
            tr.ph = Math.max(1f, tr.h + tr.vh * dt);
            tr.px = tr.x + tr.w / 2f + tr.vx * dt - tr.pw / 2f;
            tr.py = tr.y + tr.h / 2f + tr.vy * dt - tr.ph / 2f;
            for (int d = 0; d < nd; d++) {
                FaceBox b = faces.get(d).box();
                // the prediction, or where the face was last seen: frame times from a live stream jitter (decode
                // bursts, dropped frames), and a velocity measured over a too-short interval then throws the
                // prediction past the face; matching the last box too keeps that one face on one track
                float iou = Math.max(iou(tr.px, tr.py, tr.pw, tr.ph, b), iou(tr.x, tr.y, tr.w, tr.h, b));
                if (iou >= config.minIou()) {
                    pairIou[np] = iou;
                    pairTrack[np] = i;
                    pairDet[np] = d;
                    np++;
                }
            }
        }
        for (int d = 0; d < nd; d++) {
            detUsed[d] = false;
        }
        // greedy: best remaining pair first; the pair list is short in practice (people × faces nearby)
        while (true) {
            int best = -1;
            for (int p = 0; p < np; p++) {
                if (pairIou[p] > 0f && !trackUsed[pairTrack[p]] && !detUsed[pairDet[p]]
                        && (best < 0 || pairIou[p] > pairIou[best])) {
                    best = p;
                }
            }
            if (best < 0) {
                break;
            }
            int ti = pairTrack[best];
            int d = pairDet[best];
            trackUsed[ti] = true;
            detUsed[d] = true;
            observe(tracks[ti], faces.get(d), t);
        }
        for (int i = 0; i < tracks.length; i++) {
            Track tr = tracks[i];
            if (tr.active && !trackUsed[i]) {
                tr.misses++;
                if (tr.misses > config.maxMissedFrames() || t - tr.lastSeen > maxGapMillis) {
                    onLost.lost(tr, t);
                    tr.active = false;
                    tr.visit = null;
                }
            }
        }
        for (int d = 0; d < nd; d++) {
            if (!detUsed[d]) {
                Track free = freeSlot();
                if (free == null) {
                    break; // pool full: the busiest moments keep their existing tracks
                }
                free.reset(nextId++, faces.get(d), t, config.confirmScore());
            }
        }
    }

    /** Ends all tracks without reporting them (e.g. when the venue closes). */
    void clear() {
        for (Track tr : tracks) {
            tr.active = false;
            tr.visit = null;
            tr.face = null;
        }
    }

    private Track freeSlot() {
        for (Track tr : tracks) {
            if (!tr.active) {
                return tr;
            }
        }
        return null;
    }

    private void observe(Track tr, Face f, long t) {
        FaceBox b = f.box();
        long dt = t - tr.lastSeen;
        if (dt > 0) {
            float ncx = b.centerX();
            float ncy = b.centerY();
            tr.vx = ALPHA * (ncx - tr.cx()) / dt + (1 - ALPHA) * tr.vx;
            tr.vy = ALPHA * (ncy - tr.cy()) / dt + (1 - ALPHA) * tr.vy;
            tr.vw = ALPHA * (b.width() - tr.w) / dt + (1 - ALPHA) * tr.vw;
            tr.vh = ALPHA * (b.height() - tr.h) / dt + (1 - ALPHA) * tr.vh;
        }
        tr.x = b.x();
        tr.y = b.y();
        tr.w = b.width();
        tr.h = b.height();
        tr.lastSeen = t;
        tr.hits++;
        tr.misses = 0;
        if (f.score() >= config.confirmScore()) {
            tr.confidentHits++;
        }
        tr.face = f;
    }

    private static float iou(float x, float y, float w, float h, FaceBox b) {
        float ix = Math.max(0f, Math.min(x + w, b.right()) - Math.max(x, b.x()));
        float iy = Math.max(0f, Math.min(y + h, b.bottom()) - Math.max(y, b.y()));
        float inter = ix * iy;
        float union = w * h + b.area() - inter;
        return union <= 0f ? 0f : inter / union;
    }
}
