package org.entryguard.core.ledger;

/** What staff found when they checked a person's ID. */
public enum IdCheckResult {
    /** ID verified: the person is an adult. */
    ID_VERIFIED_ADULT,
    /** The person is a minor (by ID, or refused to show one). */
    MINOR_CONFIRMED
}
