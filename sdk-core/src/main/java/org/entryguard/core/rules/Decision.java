package org.entryguard.core.rules;

import org.entryguard.core.guard.EntryDecision;
import org.entryguard.core.ledger.GuardianCheck;
import org.entryguard.core.ledger.VisitLedger;

/**
 * What the entrance should do about one person-visit. The label is the age judgement under the venue's
 * rules; whether the person may go in without a staff action is {@link EntryDecision#admitted()}.
 */
public enum Decision {
    /** Clearly adult (at or above the challenge age with high confidence): admit. */
    ADULT,
    /**
     * Age could not be settled (in the challenge band, too few good shots, or a deadline hit): staff should
     * check an ID and resolve it through {@link VisitLedger#resolveIdCheck}.
     */
    CHECK_ID,
    /** Likely a minor with the configured confidence, at a venue that does not serve minors now. */
    MINOR,
    /**
     * Likely a minor at a hotel: the stay is allowed, but the front desk must complete the guardian "five
     * musts" ({@link GuardianCheck}) before the configured deadline, or an overdue event fires.
     */
    GUARDIAN_REQUIRED
}
