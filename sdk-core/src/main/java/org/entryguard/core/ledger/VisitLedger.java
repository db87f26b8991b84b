package org.entryguard.core.ledger;

import org.entryguard.core.rules.Decision;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The staff ledger: every decision of a venue and what staff have done about it since. Staff resolve ID checks
 * ({@link #resolveIdCheck}) and complete the hotel guardian workflow ({@link #completeGuardianCheck}) here, from any
 * thread; camera threads {@link #record} decisions. Share one ledger between all cameras of a venue.
 *
 * <p><b>One tick owns every deadline.</b> An ID check not resolved within {@link #idCheckDeadline()} expires
 * ({@link OutcomeChange#ID_CHECK_EXPIRED}); a guardian workflow past the rules' deadline turns overdue
 * ({@link OutcomeChange#GUARDIAN_OVERDUE}). Both are noticed by {@link #tick()} and nowhere else: the ledger runs it
 * on its own daemon thread every {@link Builder#tickEvery tickEvery} (default 1 s), or, with
 * {@code tickEvery(Duration.ZERO)}, whoever owns the ledger calls it (tests with a hand-moved clock do).
 *
 * <p>Settled visits are forgotten after {@link #retention()} (default 24 h); pending ones are kept until settled.
 * Staff-side times (resolvedAt, deadlines passing) come from the ledger's {@link Clock}. Thread-safe.
 *
 * <pre>{@code
 * VisitLedger ledger = VisitLedger.custom().idCheckDeadline(Duration.ofMinutes(2)).listener(alerts).build();
 * }</pre>
 */
public final class VisitLedger implements AutoCloseable {
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
    private final Duration idCheckDeadline;
    private final Duration tickEvery;
    private final List<EntryListener> listeners;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private int openDeadlines;

    private VisitLedger(Builder b) {
        this.clock = b.clock;
        this.retention = b.retention;
        this.idCheckDeadline = b.idCheckDeadline;
        this.tickEvery = b.tickEvery;
        this.listeners = List.copyOf(b.listeners);
        if (tickEvery.isZero()) {
            this.ticker = null;
        } else {
            this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "entryguard-ledger-tick");
                t.setDaemon(true);
                return t;
            });
            long ms = Math.max(1, tickEvery.toMillis());
            ticker.scheduleWithFixedDelay(this::tickQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** A ledger with every default: system clock, 24 h retention, 2 min ID-check deadline, ticking every second. */
    public static VisitLedger ofDefaults() { return custom().build(); }

    /** A builder starting from the defaults. */
    public static Builder custom() { return new Builder(); }

    /** A builder starting from this ledger's settings (its venue-wide listeners included). */
    public static Builder from(VisitLedger ledger) {
        Builder b = new Builder();
        b.clock = ledger.clock;
        b.retention = ledger.retention;
        b.idCheckDeadline = ledger.idCheckDeadline;
        b.tickEvery = ledger.tickEvery;
        b.listeners.addAll(ledger.listeners);
        return b;
    }

    /** How long settled visits stay queryable. */
    public Duration retention() { return retention; }

    /** How long staff have to resolve an ID check before it expires and is reported. */
    public Duration idCheckDeadline() { return idCheckDeadline; }

    /** The ledger's clock. */
    public Clock clock() { return clock; }

    /**
     * Records a new decision and returns its initial outcome; {@code EntranceGuard} calls it once per visit. Tells
     * {@code visitListener} ({@link EntryListener#onDecision}, then {@link OutcomeChange#RECORDED}; it also hears
     * this visit's later changes) and every venue-wide listener.
     *
     * @param rules the rules the decision was made under (they set the guardian deadline and minor policy)
     * @param visitListener the deciding camera's listener; {@link EntryListener#NONE} for none
     */
    public VisitOutcome record(EntryDecision d, VenueRules rules, EntryListener visitListener) {
        Objects.requireNonNull(d, "decision");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(visitListener, "visitListener");
        OutcomeStatus status = switch (d.decision()) {
            case ADULT -> OutcomeStatus.NO_ACTION_NEEDED;
            case CHECK_ID -> d.admitted() ? OutcomeStatus.NO_ACTION_NEEDED : OutcomeStatus.AWAITING_ID_CHECK;
            case MINOR -> d.admitted() ? OutcomeStatus.NO_ACTION_NEEDED : OutcomeStatus.REFUSED;
            case GUARDIAN_REQUIRED -> OutcomeStatus.AWAITING_GUARDIAN_CHECK;
        };
        Instant due = switch (status) {
            case AWAITING_GUARDIAN_CHECK -> d.decidedAt().plus(rules.guardianDeadline());
            case AWAITING_ID_CHECK -> d.decidedAt().plus(idCheckDeadline);
            default -> null;
        };
        VisitOutcome o = new VisitOutcome(d, status, null, null, null, due, null, false);
        synchronized (this) {
            prune(d.decidedAt());
            entries.put(d.visitId(), new Entry(o, visitListener, rules));
            if (due != null) {
                openDeadlines++;
            }
        }
        if (!listeners.contains(visitListener)) {
            decided(visitListener, d);
            changed(visitListener, OutcomeChange.RECORDED, o);
        }
        for (EntryListener l : listeners) {
            decided(l, d);
            changed(l, OutcomeChange.RECORDED, o);
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
     * {@link Decision#GUARDIAN_REQUIRED} visit, also after its deadline (the outcome then stays
     * {@link VisitOutcome#overdue()}). {@code MINOR_CONFIRMED} at a hotel opens the guardian workflow (deadline from
     * now); any other result closes one. Repeating the same result is a no-op.
     *
     * @param staffId who checked (a staff login, or the ID-card reader's id); not blank
     * @throws IllegalArgumentException when the visit is unknown, was an {@link Decision#ADULT}, or the staff id is blank
     * @throws IllegalStateException when it was already resolved differently
     */
    public VisitOutcome resolveIdCheck(String visitId, IdCheckResult result, String staffId) {
        Objects.requireNonNull(result, "result");
        if (staffId == null || staffId.isBlank()) {
            throw new IllegalArgumentException("staffId must name who checked the ID (visit " + visitId + ")");
        }
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
            boolean wasOpen = o.dueAt() != null && o.status().pending();
            OutcomeStatus next = switch (result) {
                case ID_VERIFIED_ADULT -> OutcomeStatus.ID_VERIFIED_ADULT;
                case REFUSED_TO_SHOW_ID -> OutcomeStatus.REFUSED_TO_SHOW_ID;
                case WALKED_AWAY -> OutcomeStatus.WALKED_AWAY;
                case MINOR_CONFIRMED -> e.rules.minorPolicy() == MinorPolicy.GUARDIAN_WORKFLOW
                        ? OutcomeStatus.AWAITING_GUARDIAN_CHECK : OutcomeStatus.MINOR_CONFIRMED;
            };
            if (next == OutcomeStatus.AWAITING_GUARDIAN_CHECK) {
                boolean guardianOpen = o.status() == OutcomeStatus.AWAITING_GUARDIAN_CHECK;
                Instant due = guardianOpen ? o.dueAt() : now.plus(e.rules.guardianDeadline());
                updated = o.with(next, result, staffId, now, due, null, guardianOpen && o.overdue());
                if (!wasOpen) {
                    openDeadlines++;
                }
            } else {
                updated = o.with(next, result, staffId, now, null, null, o.overdue());
                if (wasOpen) {
                    openDeadlines--;
                }
            }
            e.outcome = updated;
        }
        notify(e, OutcomeChange.RESOLVED, updated);
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
            boolean late = o.overdue() || now.isAfter(o.dueAt());
            updated = o.with(OutcomeStatus.GUARDIAN_CHECK_COMPLETED, o.idCheck(), check.staffId(), now, o.dueAt(), check, late);
            e.outcome = updated;
            openDeadlines--;
        }
        notify(e, OutcomeChange.RESOLVED, updated);
        return updated;
    }

    /**
     * The ledger's one clock tick: expires ID checks past {@link #idCheckDeadline()}, marks guardian workflows past
     * their deadline overdue (each once, told to the visit's and the venue-wide listeners), forgets settled visits
     * past retention, then tells the venue-wide listeners {@link EntryListener#onTick}. Runs on the ledger's own
     * thread unless it was built with {@code tickEvery(Duration.ZERO)}.
     *
     * @return the number of deadlines that passed on this tick
     */
    public int tick() {
        Instant now = clock.instant();
        List<Entry> fired = null;
        List<VisitOutcome> outcomes = null;
        synchronized (this) {
            if (openDeadlines > 0) {
                for (Entry e : entries.values()) {
                    VisitOutcome o = e.outcome;
                    VisitOutcome next = null;
                    if (o.status() == OutcomeStatus.AWAITING_GUARDIAN_CHECK && !o.overdue() && now.isAfter(o.dueAt())) {
                        next = o.with(o.status(), o.idCheck(), o.staffId(), o.resolvedAt(), o.dueAt(), null, true);
                    } else if (o.status() == OutcomeStatus.AWAITING_ID_CHECK && now.isAfter(o.dueAt())) {
                        next = o.with(OutcomeStatus.ID_CHECK_EXPIRED, null, null, null, o.dueAt(), null, true);
                        openDeadlines--;
                    }
                    if (next != null) {
                        e.outcome = next;
                        if (fired == null) {
                            fired = new ArrayList<>();
                            outcomes = new ArrayList<>();
                        }
                        fired.add(e);
                        outcomes.add(next);
                    }
                }
            }
            prune(now);
        }
        int n = fired == null ? 0 : fired.size();
        for (int i = 0; i < n; i++) {
            VisitOutcome o = outcomes.get(i);
            notify(fired.get(i), o.status() == OutcomeStatus.ID_CHECK_EXPIRED ? OutcomeChange.ID_CHECK_EXPIRED
                    : OutcomeChange.GUARDIAN_OVERDUE, o);
        }
        for (EntryListener l : listeners) {
            try {
                l.onTick(now);
            } catch (RuntimeException ex) {
                LOG.warn("EntryListener.onTick threw", ex);
            }
        }
        return n;
    }

    /** Stops the ledger's tick thread (if it has one). Outcomes stay readable. */
    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("ledger tick failed; deadlines are checked again on the next tick", e);
        }
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

    private void notify(Entry e, OutcomeChange change, VisitOutcome o) {
        if (!listeners.contains(e.listener)) {
            changed(e.listener, change, o);
        }
        for (EntryListener l : listeners) {
            changed(l, change, o);
        }
    }

    private static void decided(EntryListener l, EntryDecision d) {
        try {
            l.onDecision(d);
        } catch (RuntimeException ex) {
            LOG.warn("EntryListener.onDecision threw for visit {}", d.visitId(), ex);
        }
    }

    private static void changed(EntryListener l, OutcomeChange change, VisitOutcome o) {
        try {
            l.onOutcome(change, o);
        } catch (RuntimeException ex) {
            LOG.warn("EntryListener.onOutcome({}) threw for visit {}", change, o.visitId(), ex);
        }
    }

    /** Settings of a {@link VisitLedger}; each setter checks its value. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration retention = Duration.ofHours(24);
        private Duration idCheckDeadline = Duration.ofMinutes(2);
        private Duration tickEvery = Duration.ofSeconds(1);
        private final List<EntryListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** Staff-side time; default system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long settled visits stay queryable; default 24 h. @throws IllegalArgumentException if negative */
        public Builder retention(Duration retention) {
            if (retention == null || retention.isNegative()) {
                throw new IllegalArgumentException("retention must be ≥ 0, got " + retention);
            }
            this.retention = retention;
            return this;
        }

        /**
         * How long staff have to resolve an ID check before it expires and is reported (CHECK_ID_UNRESOLVED);
         * default 2 min. @throws IllegalArgumentException unless positive
         */
        public Builder idCheckDeadline(Duration deadline) {
            if (deadline == null || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("idCheckDeadline must be > 0, got " + deadline);
            }
            this.idCheckDeadline = deadline;
            return this;
        }

        /**
         * How often the ledger's own thread runs {@link VisitLedger#tick()}; default 1 s. {@code Duration.ZERO}: no
         * thread, the owner calls {@code tick()}. @throws IllegalArgumentException if negative
         */
        public Builder tickEvery(Duration every) {
            if (every == null || every.isNegative()) {
                throw new IllegalArgumentException("tickEvery must be ≥ 0 (0: ticked by the owner), got " + every);
            }
            this.tickEvery = every;
            return this;
        }

        /** A venue-wide listener: hears every camera's decisions, every outcome change and every tick. */
        public Builder listener(EntryListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Builds the ledger (and starts its tick thread unless {@code tickEvery} is zero). */
        public VisitLedger build() { return new VisitLedger(this); }
    }
}
