package org.entryguard.core.guard.internal;

import org.entryguard.core.guard.EntryDecision;

/** One person-visit: one or more tracks of the same person, decided at most once. Camera-thread only. */
public final class Visit {
    /** Capture time the visit started (first frame of its first track). */
    public final long startMillis;
    /** Whether one of its tracks crossed the door inward. */
    public boolean crossedIn;
    /** Frame time of the first inward crossing. */
    public long crossedAt;
    /** The decision once made, else null. */
    public EntryDecision decision;
    /** Frame time the last track of this visit was lost, while it waits in the revisit pool. */
    public long lostAt;
    /** Colour signature of the visit's best shot (see {@link Appearance}). */
    public final float[] signature = new float[Appearance.BINS];
    /** Whether {@link #signature} holds anything. */
    public boolean hasSignature;
    /** Quality score of the shot the signature was taken from. */
    public float signatureQuality;
    /** Shots refused because the eyes were covered (the gate's occlusion check). */
    public int occludedShots;

    public Visit(long startMillis) {
        this.startMillis = startMillis;
    }

    /** Whether it has been decided. */
    public boolean decided() { return decision != null; }
}
