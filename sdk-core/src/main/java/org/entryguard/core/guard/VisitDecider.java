package org.entryguard.core.guard;

import org.entryguard.core.FaceBox;
import org.entryguard.core.guard.internal.AgeFusion;
import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.ledger.EntryListener;
import org.entryguard.core.ledger.VisitLedger;
import org.entryguard.core.rules.AgeInterval;
import org.entryguard.core.rules.Ruling;
import org.entryguard.core.rules.VenueRules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a visit has enough evidence (or a deadline passed), fuses its shots, asks the {@link VenueRules} and records
 * the one {@link EntryDecision} in the {@link VisitLedger}, which tells the listeners. Camera-thread only.
 */
final class VisitDecider {
    private final VenueRules rules;
    private final FusionConfig fusion;
    private final VisitLedger ledger;
    private final EntryListener listener;
    private final String cameraId;
    private final long deadlineMillis;
    private final AgeFusion fuser;
    private final AgeFusion.Result fused = new AgeFusion.Result();
    private List<EntryDecision> decidedNow;
    private long visitSeq;

    VisitDecider(VenueRules rules, FusionConfig fusion, VisitLedger ledger, EntryListener listener, String cameraId) {
        this.rules = rules;
        this.fusion = fusion;
        this.ledger = ledger;
        this.listener = listener;
        this.cameraId = cameraId;
        this.deadlineMillis = fusion.deadline().toMillis();
        this.fuser = new AgeFusion(fusion.bestK());
    }

    /** Starts a frame: forgets the previous frame's decisions. */
    void beginFrame() { decidedNow = null; }

    /** The decisions made on this frame (an immutable empty list when none). */
    List<EntryDecision> decidedThisFrame() { return decidedNow == null ? List.of() : decidedNow; }

    /**
     * Decides the track's visit if it is ready or due.
     *
     * @param source the frame's source id, the camera id when none was configured
     * @param lost whether the track just ended
     */
    void maybeDecide(Track tr, long t, boolean lost, String source) {
        Visit v = tr.visit;
        if (v == null) {
            return;
        }
        if (tr.rechecking) {
            recheck(tr, t, source);
            return;
        }
        if (v.decided() || !v.crossedIn) {
            return;
        }
        fuser.fuse(tr.shotAge, tr.shotSpread, tr.shots, fusion.trimFraction(), fused);
        boolean ready = fused.shots >= fusion.bestK()
                || (fused.shots >= fusion.minShots() && fused.shotStd <= fusion.agreeSpread())
                || (v.occludedShots >= fusion.bestK() && v.occludedShots > fused.shots);
        boolean due = lost || t - v.crossedAt >= deadlineMillis;
        if (!ready && !due) {
            return;
        }
        Instant at = Instant.ofEpochMilli(t);
        Ruling r;
        String covered = occluded(v, fused.shots);
        if (covered != null) {
            // mostly covered eyes: the few shots that passed may be misjudged glasses too; never decide on them
            r = rules.insufficientEvidence(covered, at);
            fused.shots = 0;
        } else if (fused.shots >= fusion.minShots()) {
            r = rules.judge(fused.age, fused.spread, fused.shots, at);
        } else {
            r = rules.insufficientEvidence(String.format(Locale.ROOT, "only %d of %d good shots %s", fused.shots,
                    fusion.minShots(), lost ? "before the person left the view" : "within the " + deadlineMillis + " ms deadline"), at);
        }
        decide(tr, v, r, at, "", source);
    }

    /** Reason for a CHECK_ID when most of a visit's shots had covered eyes, or null when they did not. */
    private static String occluded(Visit v, int goodShots) {
        if (v.occludedShots == 0 || v.occludedShots <= goodShots) {
            return null;
        }
        return String.format(Locale.ROOT, "eyes covered in %d of %d shots (sunglasses or face covering): ask to remove them, "
                + "or check ID", v.occludedShots, v.occludedShots + goodShots);
    }

    /** A rejoined person's new shots: a different verdict means it is not the same person after all. */
    private void recheck(Track tr, long t, String source) {
        if (tr.recheckDone) {
            return;
        }
        fuser.fuse(tr.shotAge, tr.shotSpread, tr.shots, fusion.trimFraction(), fused);
        boolean ready = fused.shots >= fusion.bestK()
                || (fused.shots >= fusion.minShots() && fused.shotStd <= fusion.agreeSpread());
        if (!ready) {
            return;
        }
        tr.recheckDone = true;
        Instant at = Instant.ofEpochMilli(t);
        Ruling r = rules.judge(fused.age, fused.spread, fused.shots, at);
        EntryDecision earlier = tr.visit.decision;
        if (r.decision() == earlier.decision()) {
            return; // consistent with the visit it rejoined: same person, nothing new to say
        }
        Visit split = new Visit(t);
        split.crossedIn = true;
        split.crossedAt = t;
        split.hasSignature = tr.visit.hasSignature;
        System.arraycopy(tr.visit.signature, 0, split.signature, 0, split.signature.length);
        tr.visit = split;
        tr.rechecking = false;
        decide(tr, split, r, at, "New visit: looked like returning visit " + earlier.visitId() + " (" + earlier.decision()
                + ") but the new shots disagree. ", source);
    }

    private void decide(Track tr, Visit v, Ruling r, Instant at, String prefix, String source) {
        String cam = cameraId != null ? cameraId : (source != null && !source.isEmpty() ? source : "camera");
        String visitId = cam + "-" + Long.toString(v.startMillis, 36) + "-" + (++visitSeq);
        boolean hasAge = fused.shots >= fusion.minShots();
        float age = hasAge ? fused.age : Float.NaN;
        AgeInterval interval = hasAge
                ? new AgeInterval((float) Math.max(0.0, fused.age - rules.intervalZ() * fused.spread),
                (float) (fused.age + rules.intervalZ() * fused.spread))
                : AgeInterval.NONE;
        EntryDecision d = new EntryDecision(visitId, tr.id, cam, rules.venueType(), r.decision(), r.admitted(), age,
                interval, r.minorProbability(), fused.shots, r.ruleApplied(), prefix + r.reason(), r.keyPeriod(), at,
                new FaceBox(tr.x, tr.y, tr.w, tr.h));
        v.decision = d;
        if (decidedNow == null) {
            decidedNow = new ArrayList<>(2);
        }
        decidedNow.add(d);
        ledger.record(d, rules, listener); // the ledger tells this camera's listener and the venue-wide ones
    }
}
