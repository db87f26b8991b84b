package org.entryguard.core.ledger;

import org.entryguard.core.rules.Decision;

/** Where a visit stands after its decision. */
public enum OutcomeStatus {
    /** Nothing for staff to do (adult, or a minor admitted under the rules). */
    NO_ACTION_NEEDED,
    /** Staff must check an ID ({@link Decision#CHECK_ID}). */
    AWAITING_ID_CHECK,
    /** A likely minor was turned away ({@link Decision#MINOR}); staff may still overturn it with an ID check. */
    REFUSED,
    /** Staff verified an adult's ID. */
    ID_VERIFIED_ADULT,
    /** Staff confirmed a minor. */
    MINOR_CONFIRMED,
    /** The hotel front desk must complete the guardian five musts. */
    AWAITING_GUARDIAN_CHECK,
    /** The front desk completed the guardian five musts. */
    GUARDIAN_CHECK_COMPLETED;

    /** Whether staff still have to act. */
    public boolean pending() {
        return this == AWAITING_ID_CHECK || this == AWAITING_GUARDIAN_CHECK;
    }
}
