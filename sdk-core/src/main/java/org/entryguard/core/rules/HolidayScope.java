package org.entryguard.core.rules;

/** Which days count as "statutory holidays" for {@link MinorPolicy#ALLOW_ON_HOLIDAYS}. */
public enum HolidayScope {
    /**
     * The whole official rest period announced by the State Council (e.g. all 7 days of the National Day
     * holiday). The default: it is what venues, parents and local inspectors commonly read "法定节假日" as.
     */
    REST_PERIOD,
    /** Only the statutory days by law (e.g. 1–3 October), not weekend or 调休 days inside the period. */
    STATUTORY_DAYS_ONLY
}
