package org.entryguard.alerts;

import org.entryguard.core.rules.Decision;
import org.entryguard.core.guard.EntryDecision;
import org.entryguard.core.guard.EntryListener;
import org.entryguard.core.ledger.IdCheckResult;
import org.entryguard.core.ledger.OutcomeStatus;
import org.entryguard.core.ledger.VisitLedger;
import org.entryguard.core.ledger.VisitOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns entrance decisions into alerts for public security: the bridge between {@code EntranceGuard} and an
 * {@link AlertSink}. Register it as (or call it from) the guard's {@link EntryListener}.
 *
 * <ul>
 *   <li>{@link Decision#MINOR} not admitted by the rules → {@link AlertType#MINOR_ENTRY} (the early warning the
 *       local plans ask for: a minor tried to enter and was stopped at the door).</li>
 *   <li>{@link Decision#GUARDIAN_REQUIRED} (hotels) → {@link AlertType#MINOR_AT_HOTEL}, guardian contact pending;
 *       again when the front desk misses the workflow deadline.</li>
 *   <li>Staff confirm a minor after an ID check → {@link AlertType#MINOR_ENTRY} with decision {@code MINOR_CONFIRMED}.</li>
 *   <li>An ID check still unresolved after the deadline ({@link #checkUnresolved}) → {@link AlertType#CHECK_ID_UNRESOLVED}.</li>
 *   <li>A camera that stopped delivering ({@link #cameraDown}) → {@link AlertType#CAMERA_DOWN}.</li>
 * </ul>
 *
 * <p>Alert ids are derived from the visit id and the alert type, so a repeated call yields the same id and the
 * receiver's de-duplication keeps one. Alerts carry no image. Thread-safe.
 */
public final class DecisionAlerts implements EntryListener {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionAlerts.class);

    private final AlertSink sink;
    private final Venue venue;
    private final ZoneId zone;
    private final Duration idCheckDeadline;
    private final Set<String> unresolvedSent = ConcurrentHashMap.newKeySet();
    private final org.entryguard.alerts.internal.PendingChecks journal; // null: open ID checks live in memory only

    /**
     * @param sink where alerts go
     * @param venue the venue as registered with the public-security bureau
     * @param zone the venue's time zone (alert times carry it)
     * @param idCheckDeadline how long staff have to resolve a CHECK_ID before it is reported
     */
    public DecisionAlerts(AlertSink sink, Venue venue, ZoneId zone, Duration idCheckDeadline) {
        this(sink, venue, zone, idCheckDeadline, null);
    }

    /**
     * Like {@link #DecisionAlerts(AlertSink, Venue, ZoneId, Duration)}, and journals every open ID check with its
     * deadline and alert in {@code pendingChecksFile} (fsynced, 0600; e.g. beside the outbox), so that its
     * {@code CHECK_ID_UNRESOLVED} alert still goes out when the process restarts (or is killed) before the deadline:
     * {@link #checkUnresolved} sends, at their deadlines, the checks from before the restart that the new ledger
     * does not know. A check resolved by staff, or reported, is closed in the journal.
     *
     * @param pendingChecksFile the journal, or null for memory only
     */
    public DecisionAlerts(AlertSink sink, Venue venue, ZoneId zone, Duration idCheckDeadline, java.nio.file.Path pendingChecksFile) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.venue = Objects.requireNonNull(venue, "venue");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.idCheckDeadline = Objects.requireNonNull(idCheckDeadline, "idCheckDeadline");
        if (idCheckDeadline.isNegative()) {
            throw new IllegalArgumentException("idCheckDeadline " + idCheckDeadline + " must not be negative");
        }
        this.journal = pendingChecksFile == null ? null : org.entryguard.alerts.internal.PendingChecks.open(pendingChecksFile);
    }

    @Override
    public void onDecision(EntryDecision d) {
        if (d.decision() == Decision.MINOR && !d.admitted()) {
            send(base(d, AlertType.MINOR_ENTRY, d.decidedAt()).decision(d.decision().name()).build());
        } else if (d.decision() == Decision.GUARDIAN_REQUIRED) {
            send(base(d, AlertType.MINOR_AT_HOTEL, d.decidedAt()).decision(d.decision().name())
                    .guardianState(GuardianState.GUARDIAN_CONTACT_PENDING).build());
        } else if (d.decision() == Decision.CHECK_ID && !d.admitted() && journal != null) {
            Instant due = d.decidedAt().plus(idCheckDeadline);
            journal.add(d.visitId(), due.toEpochMilli(), unresolved(d, due).toJson());
        }
    }

    private Alert unresolved(EntryDecision d, Instant at) {
        return base(d, AlertType.CHECK_ID_UNRESOLVED, at).decision(d.decision().name())
                .ruleApplied(d.ruleApplied() + "/unresolved-after-" + idCheckDeadline.toSeconds() + "s").build();
    }

    @Override
    public void onResolved(VisitOutcome outcome) {
        EntryDecision d = outcome.decision();
        if (journal != null && outcome.status() != OutcomeStatus.AWAITING_ID_CHECK) {
            journal.done(d.visitId());
        }
        if (outcome.status() == OutcomeStatus.MINOR_CONFIRMED && d.decision() != Decision.MINOR) {
            Instant at = outcome.resolvedAt() != null ? outcome.resolvedAt() : d.decidedAt();
            send(base(d, AlertType.MINOR_ENTRY, at).id(id(d, "minor-confirmed")).decision(IdCheckResult.MINOR_CONFIRMED.name())
                    .ruleApplied(d.ruleApplied() + "/staff-confirmed").build());
        }
    }

    @Override
    public void onGuardianOverdue(VisitOutcome outcome) {
        EntryDecision d = outcome.decision();
        Instant at = outcome.guardianDueAt() != null ? outcome.guardianDueAt() : d.decidedAt();
        send(base(d, AlertType.MINOR_AT_HOTEL, at).id(id(d, "guardian-overdue")).decision(d.decision().name())
                .guardianState(GuardianState.GUARDIAN_CONTACT_PENDING).ruleApplied(d.ruleApplied() + "/overdue").build());
    }

    /**
     * Reports ID checks that staff have not resolved within the deadline; call it periodically (e.g. every
     * few seconds from the gateway's housekeeping thread). Each visit is reported once.
     *
     * @return the number of alerts sent by this call
     */
    public int checkUnresolved(VisitLedger ledger, Instant now) {
        int sent = 0;
        for (VisitOutcome o : ledger.pending()) {
            EntryDecision d = o.decision();
            if (o.status() == OutcomeStatus.AWAITING_ID_CHECK && d.decidedAt().plus(idCheckDeadline).isBefore(now)
                    && unresolvedSent.add(d.visitId())) {
                send(unresolved(d, now));
                if (journal != null) journal.done(d.visitId());
                sent++;
            }
        }
        if (journal != null) {
            // checks journalled before a restart: the new ledger does not know them, nobody can resolve them now
            for (org.entryguard.alerts.internal.PendingChecks.Open o : journal.open()) {
                var known = ledger.outcome(o.visitId());
                if (known.isPresent() && known.get().status() != OutcomeStatus.AWAITING_ID_CHECK) {
                    journal.done(o.visitId()); // resolved in this process
                } else if (o.dueMillis() < now.toEpochMilli() && known.isEmpty() && unresolvedSent.add(o.visitId())) {
                    send(Alert.fromJson(o.alertJson()));
                    journal.done(o.visitId());
                    sent++;
                }
            }
        }
        return sent;
    }

    /** Reports a camera that stopped delivering frames, so the entrance is not being checked. */
    public void cameraDown(String cameraId, String reason, Instant at) {
        String safe = cameraId.replaceAll("[^A-Za-z0-9_.:-]", "_");
        send(Alert.builder().id("camera-down:" + safe + ":" + at.toEpochMilli()).type(AlertType.CAMERA_DOWN)
                .venue(venue).cameraId(cameraId).time(at, zone)
                .ruleApplied(reason == null ? "camera/down" : truncate("camera/down: " + scrub(reason), 512)).build());
    }

    private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://\\S+");
    private static final java.util.regex.Pattern USER = java.util.regex.Pattern.compile("\\S+@\\S+");

    /**
     * Leaves the camera's internal address and user name out of what goes to the regulator: a reason such as
     * "FAILED rtsp://admin:***@10.0.0.7/stream: timeout" becomes "FAILED &lt;camera address&gt;: timeout".
     */
    static String scrub(String reason) {
        String s = URL.matcher(reason).replaceAll("<camera address>");
        return USER.matcher(s).replaceAll("<camera address>");
    }

    private Alert.Builder base(EntryDecision d, AlertType type, Instant at) {
        Alert.Builder b = Alert.builder().id(id(d, type.name().toLowerCase())).type(type).venue(venue)
                .cameraId(d.cameraId().isEmpty() ? "unknown" : d.cameraId()).time(at, zone)
                .ruleApplied(d.ruleApplied()).keyPeriod(d.inKeyPeriod());
        if (!Float.isNaN(d.age()) && d.interval().known()) {
            double lo = Math.max(0, Math.min(d.interval().lower(), d.age()));
            double hi = Math.min(150, Math.max(d.interval().upper(), d.age()));
            b.ageInterval(round(lo), round(hi)).estimatedAge(Math.min(round(hi), Math.max(round(lo), round(d.age()))));
        }
        return b;
    }

    private void send(Alert alert) {
        try {
            sink.send(alert);
        } catch (RuntimeException e) {
            // the camera loop must go on; the failure is loud in the log and in the sink's own metrics
            LOG.error("could not queue alert {} ({}): {}", alert.id(), alert.type(), e.getMessage());
            throw e;
        }
    }

    private static String id(EntryDecision d, String suffix) {
        return (d.visitId() + ":" + suffix).replaceAll("[^A-Za-z0-9_.:-]", "_");
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
