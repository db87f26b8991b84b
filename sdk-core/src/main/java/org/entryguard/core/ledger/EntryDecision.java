package org.entryguard.core.ledger;

import org.entryguard.core.rules.AgeInterval;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.entryguard.core.ledger.VisitOutcome;

import org.entryguard.core.FaceBox;

import java.time.Instant;

/**
 * The one decision made for one person-visit: what to do, the numbers behind it and the rule that made it.
 * Immutable; staff outcomes are recorded separately in {@link VisitOutcome}.
 *
 * @param visitId unique id of the person-visit ({@code cameraId-<base36 start millis>-<n>}); a person who leaves
 *                and returns within the revisit window keeps it
 * @param trackId the tracker's id for the face track that triggered the decision (unique per camera guard)
 * @param cameraId the frame's source id
 * @param venue the venue type whose rules were applied
 * @param decision the decision
 * @param admitted whether the rules let this person in now without a staff action (true for {@link Decision#ADULT},
 *                 and for a minor where minors are allowed now, e.g. an arcade on a statutory holiday)
 * @param age fused age estimate in years; NaN when no good shot was available
 * @param interval interval for the true age (see {@link VenueRules#intervalZ()}); {@link AgeInterval#NONE} when
 *                 no good shot was available
 * @param minorProbability P(true age &lt; minor age) under the normal approximation; NaN when no estimate
 * @param shotsUsed number of good shots the decision rested on (fused when at least
 *                  the guard's {@code FusionConfig.minShots()}, else too few and the age is NaN)
 * @param ruleApplied machine-readable rule key, e.g. {@code KTV/no-minors} or {@code decision/deadline}
 * @param reason one human-readable sentence with the numbers and the legal basis
 * @param keyPeriod name of the key period (school holiday, statutory holiday) the decision fell into, empty if none
 * @param decidedAt capture time of the frame on which the decision was made
 * @param faceBox the face's box in that frame's pixels (its last known box when the person had just left the
 *                view); null when unknown
 */
public record EntryDecision(String visitId, long trackId, String cameraId, VenueType venue, Decision decision,
                            boolean admitted, float age, AgeInterval interval, float minorProbability,
                            int shotsUsed, String ruleApplied, String reason, String keyPeriod, Instant decidedAt,
                            FaceBox faceBox) {

    /** Whether the decision fell into a flagged key period. */
    public boolean inKeyPeriod() { return keyPeriod != null && !keyPeriod.isEmpty(); }
}
