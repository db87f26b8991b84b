package org.entryguard.core.ledger;

import org.entryguard.core.rules.Decision;

/** Where a visit stands after its decision. */
public enum OutcomeStatus {
    /** Nothing for staff to do (adult, or a minor admitted under the rules). */
    NO_ACTION_NEEDED,
    /** Staff must check an ID ({@link Decision#CHECK_ID}) before {@link VisitOutcome#dueAt()}. */
    AWAITING_ID_CHECK,
    /** Nobody resolved the ID check by its deadline; it has been reported. Staff may still record a late result. */
    ID_CHECK_EXPIRED,
    /** A likely minor was turned away ({@link Decision#MINOR}); staff may still overturn it with an ID check. */
    REFUSED,
    /** Staff verified an adult's ID. */
    ID_VERIFIED_ADULT,
    /** Staff confirmed a minor. */
    MINOR_CONFIRMED,
    /** The person would not show an ID and was not admitted. */
    REFUSED_TO_SHOW_ID,
    /** The person left before the ID check. */
    WALKED_AWAY,
    /** The hotel front desk must complete the guardian five musts before {@link VisitOutcome#dueAt()}. */
    AWAITING_GUARDIAN_CHECK,
    /** The front desk completed the guardian five musts. */
    GUARDIAN_CHECK_COMPLETED;

    /** Whether staff still have to act. */
    public boolean pending() {
        return this == AWAITING_ID_CHECK || this == AWAITING_GUARDIAN_CHECK;
    }
}
