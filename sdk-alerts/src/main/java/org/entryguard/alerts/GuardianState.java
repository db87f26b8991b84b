package org.entryguard.alerts;

/**
 * Where the hotel stands in the guardian workflow for a minor checking in (the hotel must ask for the
 * guardian's contact, reach the guardian and confirm the minor's situation before accommodating them).
 */
public enum GuardianState {
    /** The hotel has not yet reached a guardian. */
    GUARDIAN_CONTACT_PENDING,
    /** A guardian was reached and asked. */
    GUARDIAN_CONTACTED,
    /** A guardian confirmed identity, relationship and the minor's stay. */
    GUARDIAN_CONFIRMED,
    /** No guardian could be reached; the hotel must not accommodate the minor alone. */
    GUARDIAN_UNREACHABLE
}
