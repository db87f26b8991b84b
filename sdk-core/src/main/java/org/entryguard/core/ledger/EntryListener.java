package org.entryguard.core.ledger;

import java.time.Instant;

/**
 * The integrator's hook, and the SDK's one event style: the door relay, the staff screen, the alert pipeline.
 *
 * <ul>
 *   <li>{@link #onDecision} — the guard decided a person-visit: exactly once per visit, on the camera thread; keep
 *       it short (hand work to another thread).</li>
 *   <li>{@link #onOutcome} — the {@link VisitLedger} changed a visit's outcome: recorded, resolved by staff, or a
 *       deadline passed. Called on the thread that recorded or resolved it, or on the ledger's tick.</li>
 *   <li>{@link #onTick} — the ledger's clock tick (venue-wide listeners only), for listeners that keep a deadline
 *       of their own; the ledger's tick is the only clock the SDK's deadlines run on.</li>
 * </ul>
 * An exception thrown by a callback is logged and swallowed so that cameras and staff are never stopped by it.
 */
public interface EntryListener {
    /** A listener that does nothing. */
    EntryListener NONE = d -> { };

    /** The one decision for a person-visit. */
    void onDecision(EntryDecision decision);

    /** A visit's outcome changed. */
    default void onOutcome(OutcomeChange change, VisitOutcome outcome) {
    }

    /** The ledger ticked (after it fired every deadline due by {@code now}). */
    default void onTick(Instant now) {
    }
}
