package org.entryguard.core.guard;

/** Who crosses the {@link Door} inward, and who is leaving: the door part of the guard. Camera-thread only. */
final class DoorCrossing {
    private final Door door;
    private final int minHits;

    DoorCrossing(Door door, TrackerConfig tracker) {
        this.door = door;
        this.minHits = tracker.minHits();
    }

    Door.Kind kind() { return door.kind(); }

    /** Updates the track's side of the door; marks the visit entered when it crossed inward at {@code t}. */
    void update(Track tr, long t, int frameWidth, int frameHeight) {
        switch (door.kind()) {
            case ANYWHERE:
                if (!tr.crossedIn && tr.confirmed(minHits)) {
                    enter(tr, t);
                }
                break;
            case APPROACH: {
                float ratio = tr.h / Math.max(1f, tr.firstHeight);
                if (ratio <= 1f / door.growth()) {
                    tr.leaving = true;
                }
                if (!tr.crossedIn && !tr.leaving && ratio >= door.growth() && tr.confirmed(minHits)) {
                    enter(tr, t);
                }
                break;
            }
            default: {
                int s = door.side(tr.cx(), tr.cy(), tr.h, frameWidth, frameHeight);
                if (s != 0) {
                    if (tr.side == -1 && s == 1 && !tr.crossedIn) {
                        enter(tr, t);
                    } else if (tr.side == 1 && s == -1) {
                        tr.leaving = true;
                    }
                    tr.side = s;
                }
            }
        }
    }

    /** Someone first seen inside (or heading out) is not entering: the age model is not spent on them. */
    boolean outbound(Track tr) {
        return !tr.crossedIn && (tr.leaving || (tr.side == 1 && door.kind() != Door.Kind.ANYWHERE));
    }

    /**
     * Whether a lost track was last seen outside (went back out, or never came in): only such a person can
     * "return"; one lost inside cannot, so look-alikes walking in one after another are never merged.
     * {@link Door#anywhere()} knows no sides: there the appearance cue alone decides.
     */
    boolean wentOut(Track tr) {
        return door.kind() == Door.Kind.ANYWHERE || tr.leaving || (tr.side == -1 && !tr.crossedIn);
    }

    private static void enter(Track tr, long t) {
        tr.crossedIn = true;
        tr.leaving = false;
        if (!tr.visit.crossedIn) {
            tr.visit.crossedIn = true;
            tr.visit.crossedAt = t;
        }
    }
}
