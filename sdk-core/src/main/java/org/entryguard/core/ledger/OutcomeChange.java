package org.entryguard.core.ledger;

/** Why {@link EntryListener#onOutcome} was called: what just happened to the visit. */
public enum OutcomeChange {
    /** The guard's decision was recorded; the outcome holds the initial status and any deadline. */
    RECORDED,
    /** Staff recorded an ID check result or completed the guardian workflow. */
    RESOLVED,
    /** A hotel guardian workflow missed its deadline (once per case; a late completion is still RESOLVED). */
    GUARDIAN_OVERDUE,
    /** An ID check was not resolved by its deadline (once per visit); status {@link OutcomeStatus#ID_CHECK_EXPIRED}. */
    ID_CHECK_EXPIRED
}
