package org.entryguard.core.rules;

import org.entryguard.core.guard.EntryDecision;

/**
 * What {@link VenueRules} make of one age estimate at one time: the decision part of an {@link EntryDecision}.
 *
 * @param decision the decision
 * @param admitted whether the person may go in without a staff action
 * @param minorProbability P(true age &lt; minor age); NaN when there was no estimate
 * @param ruleApplied rule key, e.g. {@code GAME_ARCADE/minors-holidays-only}
 * @param reason one sentence with the numbers and the legal basis
 * @param keyPeriod the flagged key period, empty when none
 */
public record Ruling(Decision decision, boolean admitted, float minorProbability, String ruleApplied, String reason,
                     String keyPeriod) {
}
