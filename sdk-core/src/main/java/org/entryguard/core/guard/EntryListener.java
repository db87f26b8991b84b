package org.entryguard.core.guard;

import org.entryguard.core.ledger.VisitLedger;
import org.entryguard.core.ledger.VisitOutcome;

/**
 * The integrator's hook: the door relay, the staff screen, the alert pipeline.
 *
 * <p>{@link #onDecision} is called exactly once per person-visit, on the camera thread that called
 * {@link EntranceGuard#process}; keep it short (hand work to another thread). The other callbacks run on the
 * thread that resolved the visit ({@link VisitLedger#resolveIdCheck}, {@link VisitLedger#completeGuardianCheck})
 * or that noticed the overdue case ({@link EntranceGuard#process} or {@link VisitLedger#checkOverdue}).
 * An exception thrown by a callback is logged and swallowed so the camera loop keeps running.
 */
public interface EntryListener {
    /** A listener that does nothing. */
    EntryListener NONE = d -> { };

    /** The one decision for a person-visit. */
    void onDecision(EntryDecision decision);

    /** Staff recorded an outcome for a visit (an ID check result or a completed guardian workflow). */
    default void onResolved(VisitOutcome outcome) {
    }

    /**
     * A hotel guardian workflow was not completed by its deadline. Called once per case; a late completion is
     * still recorded (with {@link VisitOutcome#overdue()} true) and reported through {@link #onResolved}.
     */
    default void onGuardianOverdue(VisitOutcome outcome) {
    }
}
