package org.entryguard.core.ledger;

import org.entryguard.core.guard.EntryDecision;

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
 * @param guardianDueAt deadline of the guardian workflow, null if none is required
 * @param guardianCheck the completed five musts, null until completed
 * @param overdue whether the guardian workflow missed its deadline (stays true after a late completion)
 */
public record VisitOutcome(EntryDecision decision, OutcomeStatus status, IdCheckResult idCheck, String staffId,
                           Instant resolvedAt, Instant guardianDueAt, GuardianCheck guardianCheck, boolean overdue) {

    /** The visit id. */
    public String visitId() { return decision.visitId(); }

    VisitOutcome with(OutcomeStatus s, IdCheckResult id, String staff, Instant at, Instant due, GuardianCheck g, boolean late) {
        return new VisitOutcome(decision, s, id, staff, at, due, g, late);
    }
}
