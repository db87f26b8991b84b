/**
 * From frames to one explainable decision per person-visit: {@link org.entryguard.core.guard.EntranceGuard}
 * (the facade), {@link org.entryguard.core.rules.VenueRules} (the law as data, with
 * {@link org.entryguard.core.rules.HolidayCalendar}), {@link org.entryguard.core.guard.EntryDecision},
 * {@link org.entryguard.core.guard.EntryListener} and {@link org.entryguard.core.ledger.VisitLedger} (staff
 * outcomes), plus the configuration of tracking ({@link org.entryguard.core.guard.TrackerConfig},
 * {@link org.entryguard.core.guard.Door}), shot quality ({@link org.entryguard.core.guard.FaceQuality}) and
 * fusion ({@link org.entryguard.core.guard.FusionConfig}).
 */
package org.entryguard.core.guard;

import org.entryguard.core.rules.HolidayCalendar;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.ledger.VisitLedger;
