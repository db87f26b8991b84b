package org.entryguard.alerts;

import org.entryguard.core.rules.Decision;
import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.ledger.EntryListener;
import org.entryguard.core.ledger.IdCheckResult;
import org.entryguard.core.ledger.OutcomeStatus;
import org.entryguard.core.ledger.OutcomeChange;
import org.entryguard.core.ledger.VisitLedger;
import org.entryguard.core.ledger.VisitOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Turns the ledger's outcomes into alerts for public security: the bridge between the
 * {@link VisitLedger} and an {@link AlertSink}. Register it as a venue-wide listener of the ledger
 * ({@code VisitLedger.custom().listener(alerts)}); the ledger's one tick drives every deadline.
 *
 * <ul>
 *   <li>{@link Decision#MINOR} not admitted by the rules → {@link AlertType#MINOR_ENTRY} (the early warning the
 *       local plans ask for: a minor tried to enter and was stopped at the door).</li>
 *   <li>{@link Decision#GUARDIAN_REQUIRED} (hotels) → {@link AlertType#MINOR_AT_HOTEL}, guardian contact pending;
 *       again when the front desk misses the workflow deadline.</li>
 *   <li>Staff confirm a minor after an ID check → {@link AlertType#MINOR_ENTRY} with decision {@code MINOR_CONFIRMED};
 *       the person refused to show an ID → {@link AlertType#MINOR_ENTRY} with decision {@code REFUSED_TO_SHOW_ID}
 *       (a likely minor stopped); a verified adult or a person who walked away → nothing.</li>
 *   <li>An ID check that expired unresolved ({@link OutcomeChange#ID_CHECK_EXPIRED}) → {@link AlertType#CHECK_ID_UNRESOLVED}.</li>
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
    private final org.entryguard.alerts.internal.PendingChecks journal; // null: open ID checks live in memory only
    /** Checks journalled by an earlier process, which this process's ledger does not know; sent at their deadline. */
    private final List<org.entryguard.alerts.internal.PendingChecks.Open> recovered;

    /**
     * @param sink where alerts go
     * @param venue the venue as registered with the public-security bureau
     * @param zone the venue's time zone (alert times carry it)
     */
    public DecisionAlerts(AlertSink sink, Venue venue, ZoneId zone) {
        this(sink, venue, zone, null);
    }

    /**
     * Like {@link #DecisionAlerts(AlertSink, Venue, ZoneId)}, and journals every open ID check with its deadline and
     * alert in {@code pendingChecksFile} (fsynced, 0600; e.g. beside the outbox), so that its
     * {@code CHECK_ID_UNRESOLVED} alert still goes out when the process restarts (or is killed) before the deadline:
     * on the new ledger's ticks, the checks from before the restart are sent at their deadlines. A check resolved by
     * staff, or reported, is closed in the journal.
     *
     * @param pendingChecksFile the journal, or null for memory only
     */
    public DecisionAlerts(AlertSink sink, Venue venue, ZoneId zone, java.nio.file.Path pendingChecksFile) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.venue = Objects.requireNonNull(venue, "venue");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.journal = pendingChecksFile == null ? null : org.entryguard.alerts.internal.PendingChecks.open(pendingChecksFile);
        this.recovered = journal == null ? new ArrayList<>() : new ArrayList<>(journal.open());
    }

    /** Decisions are handled as the ledger records them ({@link #onOutcome}); nothing to do here. */
    @Override
    public void onDecision(EntryDecision d) {
    }

    @Override
    public void onOutcome(OutcomeChange change, VisitOutcome o) {
        EntryDecision d = o.decision();
        switch (change) {
            case RECORDED -> {
                if (d.decision() == Decision.MINOR && !d.admitted()) {
                    send(base(d, AlertType.MINOR_ENTRY, d.decidedAt()).decision(d.decision().name()).build());
                } else if (d.decision() == Decision.GUARDIAN_REQUIRED) {
                    send(base(d, AlertType.MINOR_AT_HOTEL, d.decidedAt()).decision(d.decision().name())
                            .guardianState(GuardianState.GUARDIAN_CONTACT_PENDING).build());
                } else if (o.status() == OutcomeStatus.AWAITING_ID_CHECK && journal != null) {
                    journal.add(d.visitId(), o.dueAt().toEpochMilli(), unresolved(o).toJson());
                }
            }
            case RESOLVED -> resolved(o);
            case GUARDIAN_OVERDUE -> {
                Instant at = o.dueAt() != null ? o.dueAt() : d.decidedAt();
                send(base(d, AlertType.MINOR_AT_HOTEL, at).id(id(d, "guardian-overdue")).decision(d.decision().name())
                        .guardianState(GuardianState.GUARDIAN_CONTACT_PENDING).ruleApplied(d.ruleApplied() + "/overdue").build());
            }
            case ID_CHECK_EXPIRED -> {
                if (send(unresolved(o)) && journal != null) {
                    journal.done(d.visitId());
                }
            }
        }
    }

    private void resolved(VisitOutcome o) {
        EntryDecision d = o.decision();
        if (journal != null && o.status() != OutcomeStatus.AWAITING_ID_CHECK) {
            journal.done(d.visitId());
        }
        Instant at = o.resolvedAt() != null ? o.resolvedAt() : d.decidedAt();
        if (o.status() == OutcomeStatus.MINOR_CONFIRMED && d.decision() != Decision.MINOR) {
            send(base(d, AlertType.MINOR_ENTRY, at).id(id(d, "minor-confirmed")).decision(IdCheckResult.MINOR_CONFIRMED.name())
                    .ruleApplied(d.ruleApplied() + "/staff-confirmed").build());
        } else if (o.status() == OutcomeStatus.REFUSED_TO_SHOW_ID && d.decision() != Decision.MINOR) {
            send(base(d, AlertType.MINOR_ENTRY, at).id(id(d, "refused-id")).decision(IdCheckResult.REFUSED_TO_SHOW_ID.name())
                    .ruleApplied(d.ruleApplied() + "/refused-to-show-id").build());
        }
    }

    /** Sends, at their deadlines, the open checks an earlier process journalled (nobody can resolve them now). */
    @Override
    public void onTick(Instant now) {
        if (journal == null) {
            return;
        }
        synchronized (recovered) {
            for (Iterator<org.entryguard.alerts.internal.PendingChecks.Open> it = recovered.iterator(); it.hasNext(); ) {
                var o = it.next();
                if (o.dueMillis() < now.toEpochMilli() && send(Alert.fromJson(o.alertJson()))) {
                    journal.done(o.visitId());
                    it.remove();
                }
            }
        }
    }

    private Alert unresolved(VisitOutcome o) {
        EntryDecision d = o.decision();
        long seconds = Duration.between(d.decidedAt(), o.dueAt()).toSeconds();
        return base(d, AlertType.CHECK_ID_UNRESOLVED, o.dueAt()).decision(d.decision().name())
                .ruleApplied(d.ruleApplied() + "/unresolved-after-" + seconds + "s").build();
    }

    /** Reports a camera that stopped delivering frames, so the entrance is not being checked. */
    public void cameraDown(String cameraId, String reason, Instant at) {
        String safe = cameraId.replaceAll("[^A-Za-z0-9_.:-]", "_");
        send(Alert.custom().id("camera-down:" + safe + ":" + at.toEpochMilli()).type(AlertType.CAMERA_DOWN)
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
        Alert.Builder b = Alert.custom().id(id(d, type.name().toLowerCase())).type(type).venue(venue)
                .cameraId(d.cameraId().isEmpty() ? "unknown" : d.cameraId()).time(at, zone)
                .ruleApplied(d.ruleApplied()).keyPeriod(d.inKeyPeriod());
        if (!Float.isNaN(d.age()) && d.interval().known()) {
            double lo = Math.max(0, Math.min(d.interval().lower(), d.age()));
            double hi = Math.min(150, Math.max(d.interval().upper(), d.age()));
            b.ageInterval(round(lo), round(hi)).estimatedAge(Math.min(round(hi), Math.max(round(lo), round(d.age()))));
        }
        return b;
    }

    /**
     * Queues an alert. A sink that refuses (outbox full, disk error) is logged at ERROR and counted in its own
     * metrics; it is not rethrown, because the caller is a camera thread, a staff request or the ledger's tick, none
     * of which can do better. A journalled check stays open so that a later tick tries again.
     */
    private boolean send(Alert alert) {
        try {
            sink.send(alert);
            return true;
        } catch (RuntimeException e) {
            LOG.error("could not queue alert {} ({}): {}", alert.id(), alert.type(), e.getMessage());
            return false;
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
