/**
 * The law as data: venue types, {@link org.entryguard.core.rules.VenueRules} (challenge age, minor policy, opening
 * hours, key periods), the statutory {@link org.entryguard.core.rules.HolidayCalendar} and the
 * {@link org.entryguard.core.rules.Ruling} they give for one age estimate at one time. Depends on nothing else of the
 * SDK's decision packages, so the rules can be read, tested and shown ({@code entryguard rules}) on their own.
 */
package org.entryguard.core.rules;
