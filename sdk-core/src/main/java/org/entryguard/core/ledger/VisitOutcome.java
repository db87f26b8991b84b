package org.entryguard.core.ledger;

import java.time.Instant;

/**
 * A decision and what staff have done about it since. Immutable snapshot; the {@link VisitLedger} replaces it
 * on every change.
 *
 * @param decision the visit's decision
 * @param status where it stands
 * @param idCheck the staff's ID check result, null if none
 * @param staffId who last acted on it, null if nobody
 * @param resolvedAt when staff last acted, null if never
 * @param dueAt deadline of what staff must do now (the ID check, or the hotel guardian workflow), null if nothing
 * @param guardianCheck the completed five musts, null until completed
 * @param overdue whether the pending step missed its deadline (stays true after a late resolution)
 */
public record VisitOutcome(EntryDecision decision, OutcomeStatus status, IdCheckResult idCheck, String staffId,
                           Instant resolvedAt, Instant dueAt, GuardianCheck guardianCheck, boolean overdue) {

    /** The visit id. */
    public String visitId() { return decision.visitId(); }

    VisitOutcome with(OutcomeStatus s, IdCheckResult id, String staff, Instant at, Instant due, GuardianCheck g, boolean late) {
        return new VisitOutcome(decision, s, id, staff, at, due, g, late);
    }
}
