/**
 * The guard at the door: {@link org.entryguard.core.guard.EntranceGuard} turns one camera's frames into one
 * decision per person-visit, as an orchestrator of small package-private parts (the tracker, the door crossing,
 * returning visitors, the shot taker — quality gate → landmarks → eyes → age — and the visit decider). Its settings:
 * {@link org.entryguard.core.guard.Door}, {@link org.entryguard.core.guard.FaceQuality},
 * {@link org.entryguard.core.guard.FusionConfig} and {@link org.entryguard.core.guard.TrackerConfig}
 * ({@code custom()} / {@code ofDefaults()} / {@code from(...)}). It depends on {@code core.rules} (what the law
 * decides) and {@code core.ledger} (where decisions are recorded); nothing depends on it but the integrator.
 */
package org.entryguard.core.guard;
