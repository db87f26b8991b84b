package org.entryguard.core.guard;

import org.entryguard.core.ImageFrame;
import org.entryguard.core.guard.internal.Appearance;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Visits lost moments ago, so that a person stepping back into view rejoins their visit instead of starting a new
 * one (matched by colour signature within the revisit window). Camera-thread only.
 */
final class Revisits {
    private static final int REJOIN_TRIES = 5;
    private static final int POOL_LIMIT = 64;

    private final ArrayDeque<Visit> lost = new ArrayDeque<>();
    private final float[] signature = new float[Appearance.BINS];
    private final long windowMillis;
    private final float minSimilarity;

    Revisits(TrackerConfig tracker) {
        this.windowMillis = tracker.revisitWindow().toMillis();
        this.minSimilarity = tracker.revisitSimilarity();
    }

    void clear() { lost.clear(); }

    /** A fresh track that looks like a visit lost moments ago rejoins it (same person stepping back in). */
    void tryRejoin(ImageFrame frame, Track tr, long t) {
        if (windowMillis <= 0 || tr.rejoinTries >= REJOIN_TRIES || lost.isEmpty() || tr.rechecking
                || tr.visit.decided()) {
            return;
        }
        prune(t);
        if (lost.isEmpty() || !Appearance.signature(frame, tr.face.box(), signature)) {
            return;
        }
        tr.rejoinTries++;
        Visit best = null;
        float bestSim = minSimilarity;
        for (Visit v : lost) {
            float sim = Appearance.similarity(signature, v.signature);
            if (sim >= bestSim) {
                bestSim = sim;
                best = v;
            }
        }
        if (best == null) {
            return;
        }
        lost.remove(best);
        Visit fresh = tr.visit;
        if (fresh.crossedIn && !best.crossedIn) {
            best.crossedIn = true;
            best.crossedAt = fresh.crossedAt;
        }
        tr.visit = best;
        tr.rejoinTries = REJOIN_TRIES;
        tr.rechecking = best.decided(); // its shots now re-check the earlier decision instead of making a new one
    }

    /** Keeps a lost visit for a possible return, if its person went out and it has a signature to match. */
    void offer(Visit v, boolean wentOut, long t) {
        if (windowMillis > 0 && v.hasSignature && wentOut && !lost.contains(v)) {
            v.lostAt = t;
            if (lost.size() >= POOL_LIMIT) {
                lost.pollFirst();
            }
            lost.addLast(v);
        }
    }

    private void prune(long t) {
        for (Iterator<Visit> it = lost.iterator(); it.hasNext(); ) {
            if (t - it.next().lostAt > windowMillis) {
                it.remove();
            }
        }
    }
}
