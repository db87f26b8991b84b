/**
 * From frames to one explainable decision per person-visit: {@link org.entryguard.core.decision.EntranceGuard}
 * (the facade), {@link org.entryguard.core.decision.VenueRules} (the law as data, with
 * {@link org.entryguard.core.decision.HolidayCalendar}), {@link org.entryguard.core.decision.EntryDecision},
 * {@link org.entryguard.core.decision.EntryListener} and {@link org.entryguard.core.decision.VisitLedger} (staff
 * outcomes), plus the configuration of tracking ({@link org.entryguard.core.decision.TrackerConfig},
 * {@link org.entryguard.core.decision.Door}), shot quality ({@link org.entryguard.core.decision.FaceQuality}) and
 * fusion ({@link org.entryguard.core.decision.FusionConfig}).
 */
package org.entryguard.core.decision;
