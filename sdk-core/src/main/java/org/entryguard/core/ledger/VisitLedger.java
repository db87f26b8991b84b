package org.entryguard.core.ledger;

import org.entryguard.core.rules.Decision;
import org.entryguard.core.guard.EntranceGuard;
import org.entryguard.core.guard.EntryDecision;
import org.entryguard.core.guard.EntryListener;
import org.entryguard.core.rules.MinorPolicy;
import org.entryguard.core.rules.VenueRules;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decisions and their staff outcomes: where the front desk resolves ID checks and completes the hotel guardian
 * workflow, and where overdue guardian cases are noticed. Thread-safe: camera threads record decisions while
 * staff threads resolve them. Share one ledger between the {@link EntranceGuard}s of one venue (via
 * {@link EntranceGuard.Builder#ledger}) so staff resolve every camera's visits in one place.
 *
 * <p>Settled visits are forgotten after {@link #retention()} (default 24 h); pending ones are kept until
 * settled. Staff-side times (resolvedAt, overdue checks) come from the ledger's {@link Clock}.
 */
public final class VisitLedger {
    private static final Logger LOG = LoggerFactory.getLogger(VisitLedger.class);

    private static final class Entry {
        VisitOutcome outcome;
        final EntryListener listener;
        final VenueRules rules;

        Entry(VisitOutcome outcome, EntryListener listener, VenueRules rules) {
            this.outcome = outcome;
            this.listener = listener;
            this.rules = rules;
        }
    }

    private final Clock clock;
    private final Duration retention;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private volatile int openGuardianCases;

    /** A ledger on the system clock with 24 h retention. */
    public VisitLedger() {
        this(Clock.systemUTC(), Duration.ofHours(24));
    }

    /**
     * @param clock staff-side time
     * @param retention how long settled visits stay queryable
     */
    public VisitLedger(Clock clock, Duration retention) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention == null || retention.isNegative()) {
            throw new IllegalArgumentException("retention must be ≥ 0, got " + retention);
        }
        this.retention = retention;
    }

    /** How long settled visits stay queryable. */
    public Duration retention() { return retention; }

    /** The ledger's clock. */
    public Clock clock() { return clock; }

    /** Records a new decision; called by {@link EntranceGuard}. Returns its initial outcome. */
    public VisitOutcome record(EntryDecision d, EntryListener listener, VenueRules rules) {
        OutcomeStatus status = switch (d.decision()) {
            case ADULT -> OutcomeStatus.NO_ACTION_NEEDED;
            case CHECK_ID -> d.admitted() ? OutcomeStatus.NO_ACTION_NEEDED : OutcomeStatus.AWAITING_ID_CHECK;
            case MINOR -> d.admitted() ? OutcomeStatus.NO_ACTION_NEEDED : OutcomeStatus.REFUSED;
            case GUARDIAN_REQUIRED -> OutcomeStatus.AWAITING_GUARDIAN_CHECK;
        };
        Instant due = status == OutcomeStatus.AWAITING_GUARDIAN_CHECK ? d.decidedAt().plus(rules.guardianDeadline()) : null;
        VisitOutcome o = new VisitOutcome(d, status, null, null, null, due, null, false);
        synchronized (this) {
            prune(d.decidedAt());
            entries.put(d.visitId(), new Entry(o, listener, rules));
            if (due != null) {
                openGuardianCases++;
            }
        }
        return o;
    }

    /** The current outcome of a visit, if it is known (recorded and not yet pruned). */
    public synchronized Optional<VisitOutcome> outcome(String visitId) {
        Entry e = entries.get(visitId);
        return e == null ? Optional.empty() : Optional.of(e.outcome);
    }

    /** Visits waiting for staff (ID checks and guardian workflows), oldest first. */
    public synchronized List<VisitOutcome> pending() {
        List<VisitOutcome> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.outcome.status().pending()) {
                out.add(e.outcome);
            }
        }
        return out;
    }

    /**
     * Records the result of a staff ID check on a {@link Decision#CHECK_ID}, {@link Decision#MINOR} or
     * {@link Decision#GUARDIAN_REQUIRED} visit. {@code MINOR_CONFIRMED} at a hotel opens the guardian workflow
     * (deadline from now); {@code ID_VERIFIED_ADULT} closes one. Repeating the same result is a no-op.
     *
     * @throws IllegalArgumentException when the visit is unknown or was an {@link Decision#ADULT}
     * @throws IllegalStateException when it was already resolved differently
     */
    public VisitOutcome resolveIdCheck(String visitId, IdCheckResult result, String staffId) {
        Objects.requireNonNull(result, "result");
        Entry e;
        VisitOutcome updated;
        synchronized (this) {
            e = known(visitId);
            VisitOutcome o = e.outcome;
            if (o.decision().decision() == Decision.ADULT) {
                throw new IllegalArgumentException("visit " + visitId + " was decided ADULT; there is no ID check to resolve");
            }
            if (o.idCheck() != null) {
                if (o.idCheck() == result) {
                    return o;
                }
                throw new IllegalStateException("visit " + visitId + " was already resolved as " + o.idCheck() + " by "
                        + o.staffId() + " at " + o.resolvedAt());
            }
            Instant now = clock.instant();
            boolean guardianOpen = o.status() == OutcomeStatus.AWAITING_GUARDIAN_CHECK;
            if (result == IdCheckResult.ID_VERIFIED_ADULT) {
                updated = o.with(OutcomeStatus.ID_VERIFIED_ADULT, result, staffId, now, o.guardianDueAt(), null, o.overdue());
                if (guardianOpen) {
                    openGuardianCases--;
                }
            } else if (e.rules.minorPolicy() == MinorPolicy.GUARDIAN_WORKFLOW) {
                Instant due = guardianOpen ? o.guardianDueAt() : now.plus(e.rules.guardianDeadline());
                updated = o.with(OutcomeStatus.AWAITING_GUARDIAN_CHECK, result, staffId, now, due, null, o.overdue());
                if (!guardianOpen) {
                    openGuardianCases++;
                }
            } else {
                updated = o.with(OutcomeStatus.MINOR_CONFIRMED, result, staffId, now, null, null, false);
            }
            e.outcome = updated;
        }
        notifyResolved(e.listener, updated);
        return updated;
    }

    /**
     * Completes the hotel guardian workflow for a visit awaiting it.
     *
     * @throws IllegalArgumentException when the visit is unknown, or the record misses a must (the message lists them)
     * @throws IllegalStateException when the visit is not awaiting a guardian check
     */
    public VisitOutcome completeGuardianCheck(String visitId, GuardianCheck check) {
        Objects.requireNonNull(check, "check");
        List<String> missing = check.missing();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("guardian check for visit " + visitId + " is incomplete; missing: "
                    + String.join("; ", missing));
        }
        Entry e;
        VisitOutcome updated;
        synchronized (this) {
            e = known(visitId);
            VisitOutcome o = e.outcome;
            if (o.status() != OutcomeStatus.AWAITING_GUARDIAN_CHECK) {
                throw new IllegalStateException("visit " + visitId + " is " + o.status() + ", not awaiting a guardian check");
            }
            Instant now = clock.instant();
            boolean late = o.overdue() || now.isAfter(o.guardianDueAt());
            updated = o.with(OutcomeStatus.GUARDIAN_CHECK_COMPLETED, o.idCheck(), check.staffId(), now, o.guardianDueAt(), check, late);
            e.outcome = updated;
            openGuardianCases--;
        }
        notifyResolved(e.listener, updated);
        return updated;
    }

    /**
     * Marks guardian workflows past their deadline as overdue and calls {@link EntryListener#onGuardianOverdue}
     * once for each. {@link EntranceGuard#process} calls it on every frame (cheap when nothing is open); call it
     * from a timer too if frames may stop.
     *
     * @return the number of cases that became overdue now
     */
    public int checkOverdue() {
        if (openGuardianCases == 0) {
            return 0;
        }
        Instant now = clock.instant();
        List<Entry> fired = null;
        List<VisitOutcome> outcomes = null;
        synchronized (this) {
            for (Entry e : entries.values()) {
                VisitOutcome o = e.outcome;
                if (o.status() == OutcomeStatus.AWAITING_GUARDIAN_CHECK && !o.overdue() && now.isAfter(o.guardianDueAt())) {
                    e.outcome = o.with(o.status(), o.idCheck(), o.staffId(), o.resolvedAt(), o.guardianDueAt(), null, true);
                    if (fired == null) {
                        fired = new ArrayList<>();
                        outcomes = new ArrayList<>();
                    }
                    fired.add(e);
                    outcomes.add(e.outcome);
                }
            }
        }
        if (fired == null) {
            return 0;
        }
        for (int i = 0; i < fired.size(); i++) {
            try {
                fired.get(i).listener.onGuardianOverdue(outcomes.get(i));
            } catch (RuntimeException ex) {
                LOG.warn("EntryListener.onGuardianOverdue threw for visit {}", outcomes.get(i).visitId(), ex);
            }
        }
        return fired.size();
    }

    private Entry known(String visitId) {
        Entry e = entries.get(Objects.requireNonNull(visitId, "visitId"));
        if (e == null) {
            throw new IllegalArgumentException("unknown visit " + visitId + " (never decided here, or settled and older than "
                    + retention + ")");
        }
        return e;
    }

    private void prune(Instant now) {
        Instant cutoff = now.minus(retention);
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!e.outcome.decision().decidedAt().isBefore(cutoff)) {
                break; // insertion order is decision order
            }
            if (!e.outcome.status().pending()) {
                it.remove();
            }
        }
    }

    private static void notifyResolved(EntryListener l, VisitOutcome o) {
        try {
            l.onResolved(o);
        } catch (RuntimeException ex) {
            LOG.warn("EntryListener.onResolved threw for visit {}", o.visitId(), ex);
        }
    }
}
