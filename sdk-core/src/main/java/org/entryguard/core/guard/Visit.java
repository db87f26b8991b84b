package org.entryguard.core.guard;

import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.guard.internal.Appearance;

/** One person-visit: one or more tracks of the same person, decided at most once. Camera-thread only. */
final class Visit {
    /** Capture time the visit started (first frame of its first track). */
    final long startMillis;
    /** Whether one of its tracks crossed the door inward. */
    boolean crossedIn;
    /** Frame time of the first inward crossing. */
    long crossedAt;
    /** The decision once made, else null. */
    EntryDecision decision;
    /** Frame time the last track of this visit was lost, while it waits in the revisit pool. */
    long lostAt;
    /** Colour signature of the visit's best shot (see {@link Appearance}). */
    final float[] signature = new float[Appearance.BINS];
    /** Whether {@link #signature} holds anything. */
    boolean hasSignature;
    /** Quality score of the shot the signature was taken from. */
    float signatureQuality;
    /** Shots refused because the eyes were covered (the gate's occlusion check). */
    int occludedShots;

    Visit(long startMillis) {
        this.startMillis = startMillis;
    }

    /** Whether it has been decided. */
    boolean decided() { return decision != null; }
}
