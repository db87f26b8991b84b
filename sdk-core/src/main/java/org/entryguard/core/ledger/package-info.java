/**
 * The staff ledger: {@link org.entryguard.core.ledger.EntryDecision} (the one decision per person-visit),
 * {@link org.entryguard.core.ledger.VisitLedger} (where staff resolve ID checks and hotel guardian workflows, and
 * whose one tick owns every deadline), {@link org.entryguard.core.ledger.VisitOutcome} and the SDK's one event style,
 * {@link org.entryguard.core.ledger.EntryListener}. Depends only on {@code core.rules}.
 */
package org.entryguard.core.ledger;
