package org.entryguard.core.ledger;

/** What staff found when they checked, or tried to check, a person's ID. */
public enum IdCheckResult {
    /** ID verified: the person is an adult and may go in. */
    ID_VERIFIED_ADULT,
    /** The ID shows a minor. */
    MINOR_CONFIRMED,
    /**
     * The person would not show an ID. Not admitted; treated like a likely minor (the law lets a venue refuse
     * anyone who cannot prove their age), reported as a stopped likely minor, but no guardian workflow opens.
     */
    REFUSED_TO_SHOW_ID,
    /** The person left before staff could check: not admitted, nothing to report. */
    WALKED_AWAY
}
