package org.entryguard.core.rules;

/** How a venue treats a person judged likely to be a minor. */
public enum MinorPolicy {
    /** Minors are never admitted (KTV, bar, internet café, e-sports hotel). */
    REFUSE,
    /** Minors are admitted only on statutory holidays (game arcade), per the {@link HolidayCalendar}. */
    ALLOW_ON_HOLIDAYS,
    /**
     * Minors are admitted only on statutory holidays, rest days (weekends not turned into working days) and the
     * city's school winter and summer vacations ({@link SchoolVacations}); scripted entertainment.
     */
    ALLOW_ON_REST_DAYS_AND_VACATIONS,
    /** Minors are admitted but the guardian "five musts" workflow must be completed (hotel). */
    GUARDIAN_WORKFLOW,
    /** Minors are admitted without conditions (an override for rooms or venues outside the rules). */
    ALLOW
}
