package org.entryguard.alerts;

import org.entryguard.core.rules.AgeInterval;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.ledger.IdCheckResult;
import org.entryguard.core.ledger.OutcomeStatus;
import org.entryguard.core.rules.VenueType;
import org.entryguard.core.ledger.VisitOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.entryguard.core.ledger.OutcomeChange;
import org.entryguard.core.ledger.VisitLedger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decision → alert mapping. The sink here is an in-memory recorder on purpose: this tests the mapping
 * only; delivery through a real outbox and Netty receiver is covered by WebhookSinkTest and the gateway demo test.
 */
class DecisionAlertsTest {
    private final List<Alert> sent = new ArrayList<>();
    private final AlertSink recorder = new AlertSink() {
        @Override
        public void send(Alert alert) { sent.add(alert); }

        @Override
        public DeliveryMetrics metrics() { return new DeliveryMetrics(0, 0, 0, 0, 0); }

        @Override
        public void close() { }
    };
    private final Venue venue = new Venue("V1", "Test KTV", "KTV", "LIC-1", "1 Road");
    private final DecisionAlerts alerts = new DecisionAlerts(recorder, venue, ZoneId.of("Asia/Shanghai"));
    private static final Instant T = Instant.parse("2026-07-20T12:00:00Z");

    private static EntryDecision decision(Decision d, boolean admitted, VenueType venue) {
        return new EntryDecision("door-1-abc-1", 7, "door-1", venue, d, admitted, 15.2f, new AgeInterval(10.1f, 20.3f),
                0.9f, 5, venue + "/rule", "because", "summer holiday", T, null);
    }

    /** What the ledger tells its listeners when it records {@code d} (2 min ID-check deadline). */
    private static void recorded(DecisionAlerts a, EntryDecision d) {
        OutcomeStatus st = switch (d.decision()) {
            case ADULT -> OutcomeStatus.NO_ACTION_NEEDED;
            case CHECK_ID -> d.admitted() ? OutcomeStatus.NO_ACTION_NEEDED : OutcomeStatus.AWAITING_ID_CHECK;
            case MINOR -> d.admitted() ? OutcomeStatus.NO_ACTION_NEEDED : OutcomeStatus.REFUSED;
            case GUARDIAN_REQUIRED -> OutcomeStatus.AWAITING_GUARDIAN_CHECK;
        };
        Instant due = st.pending() ? d.decidedAt().plus(Duration.ofMinutes(2)) : null;
        a.onDecision(d);
        a.onOutcome(OutcomeChange.RECORDED, new VisitOutcome(d, st, null, null, null, due, null, false));
    }

    @Test
    void refusedMinorRaisesOneMinorEntryAlertWithTheNumbersAndNoImage() {
        recorded(alerts, decision(Decision.MINOR, false, VenueType.KTV));
        assertEquals(1, sent.size());
        Alert a = sent.get(0);
        assertEquals(AlertType.MINOR_ENTRY, a.type());
        assertEquals("door-1-abc-1:minor_entry", a.id(), "the id is derived from the visit so a repeat is de-duplicated");
        assertEquals(10.1, a.ageLower(), 1e-9);
        assertEquals(20.3, a.ageUpper(), 1e-9);
        assertEquals(15.2, a.estimatedAge(), 1e-9);
        assertTrue(a.keyPeriod());
        assertEquals("2026-07-20T20:00+08:00[Asia/Shanghai]", a.time().toString());
        assertFalse(a.faceCrop().isPresent(), "alerts carry no face image by default");
        recorded(alerts, decision(Decision.MINOR, false, VenueType.KTV));
        assertEquals(sent.get(0).id(), sent.get(1).id());
    }

    @Test
    void adultsAndAdmittedMinorsRaiseNothing() {
        recorded(alerts, decision(Decision.ADULT, true, VenueType.KTV));
        recorded(alerts, decision(Decision.MINOR, true, VenueType.GAME_ARCADE)); // arcade on a statutory holiday
        recorded(alerts, decision(Decision.CHECK_ID, false, VenueType.KTV));  // staff are asked first
        assertTrue(sent.isEmpty(), sent.toString());
    }

    @Test
    void hotelMinorCarriesTheGuardianWorkflowState() {
        EntryDecision d = decision(Decision.GUARDIAN_REQUIRED, true, VenueType.HOTEL);
        recorded(alerts, d);
        assertEquals(AlertType.MINOR_AT_HOTEL, sent.get(0).type());
        assertEquals(GuardianState.GUARDIAN_CONTACT_PENDING, sent.get(0).guardianState().orElseThrow());
        alerts.onOutcome(OutcomeChange.GUARDIAN_OVERDUE, new VisitOutcome(d, OutcomeStatus.AWAITING_GUARDIAN_CHECK, null, null, null,
                T.plus(Duration.ofMinutes(30)), null, true));
        assertEquals(2, sent.size());
        assertTrue(sent.get(1).ruleApplied().orElseThrow().endsWith("/overdue"));
        assertTrue(sent.get(1).id().endsWith("guardian-overdue"));
    }

    @Test
    void staffConfirmingAMinorAfterAnIdCheckIsReported() {
        EntryDecision d = decision(Decision.CHECK_ID, false, VenueType.BAR);
        alerts.onOutcome(OutcomeChange.RESOLVED, new VisitOutcome(d, OutcomeStatus.MINOR_CONFIRMED, IdCheckResult.MINOR_CONFIRMED, "staff-1",
                T.plusSeconds(40), null, null, false));
        assertEquals(1, sent.size());
        assertEquals(AlertType.MINOR_ENTRY, sent.get(0).type());
        assertEquals("MINOR_CONFIRMED", sent.get(0).decision().orElseThrow());
        alerts.onOutcome(OutcomeChange.RESOLVED, new VisitOutcome(d, OutcomeStatus.ID_VERIFIED_ADULT, IdCheckResult.ID_VERIFIED_ADULT, "staff-1",
                T.plusSeconds(40), null, null, false));
        assertEquals(1, sent.size(), "a verified adult raises nothing");
    }

    @Test
    void cameraDownCarriesTheReason() {
        alerts.cameraDown("door 2", "STALLED: no frame for 2 s", T);
        Alert a = sent.get(0);
        assertEquals(AlertType.CAMERA_DOWN, a.type());
        assertEquals("door 2", a.cameraId());
        assertTrue(a.id().startsWith("camera-down:door_2:"), a.id());
        assertTrue(a.ruleApplied().orElseThrow().contains("STALLED"));
    }

    @Test
    void cameraDownLeavesTheCamerasAddressAndUserOut() {
        alerts.cameraDown("door-1", "FAILED rtsp://admin:***@10.0.0.7:554/Streaming/101: 401 Unauthorized for admin@10.0.0.7", T);
        String rule = sent.get(0).ruleApplied().orElseThrow();
        assertFalse(rule.contains("10.0.0.7") || rule.contains("admin") || rule.contains("rtsp"), rule);
        assertTrue(rule.contains("FAILED") && rule.contains("401 Unauthorized"), rule);
    }

    @TempDir java.nio.file.Path tmp;

    private static EntryDecision checkId(String visit) {
        return new EntryDecision(visit, 7, "door-1", VenueType.KTV, Decision.CHECK_ID, false, 22f, new AgeInterval(18f, 26f),
                0.9f, 5, "KTV/challenge-25", "under the challenge age", "", T, null);
    }

    @Test
    void anOpenIdCheckIsStillReportedAfterARestartBeforeItsDeadline() throws Exception {
        java.nio.file.Path file = tmp.resolve("pending-id-checks.jsonl");
        DecisionAlerts before = new DecisionAlerts(recorder, venue, ZoneId.of("Asia/Shanghai"), file);
        recorded(before, checkId("v-lost"));
        recorded(before, checkId("v-resolved"));
        before.onOutcome(OutcomeChange.RESOLVED, new VisitOutcome(checkId("v-resolved"), OutcomeStatus.ID_VERIFIED_ADULT, IdCheckResult.ID_VERIFIED_ADULT,
                "staff-1", T.plusSeconds(30), null, null, false));
        assertEquals(0, sent.size());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)));

        // kill -9: the ledger (memory) is gone; a new process with an empty ledger and the same journal
        DecisionAlerts after = new DecisionAlerts(recorder, venue, ZoneId.of("Asia/Shanghai"), file);
        after.onTick(T.plusSeconds(60));
        assertEquals(0, sent.size(), "not before the deadline");
        after.onTick(T.plusSeconds(121)); // the new process's ledger ticks
        assertEquals(1, sent.size());
        Alert a = sent.get(0);
        assertEquals(AlertType.CHECK_ID_UNRESOLVED, a.type());
        assertEquals("v-lost:check_id_unresolved", a.id(), "the same id the first process would have used");
        after.onTick(T.plusSeconds(200));
        DecisionAlerts third = new DecisionAlerts(recorder, venue, ZoneId.of("Asia/Shanghai"), file);
        third.onTick(T.plusSeconds(300));
        assertEquals(1, sent.size(), "reported once");
        assertEquals(0, java.nio.file.Files.size(file), "nothing open: nothing about past visits stays on disk");
    }

    /** A clock the test moves. */
    private static final class MovingClock extends java.time.Clock {
        volatile Instant now = T;

        @Override
        public ZoneId getZone() { return java.time.ZoneOffset.UTC; }

        @Override
        public java.time.Clock withZone(ZoneId zone) { return this; }

        @Override
        public Instant instant() { return now; }
    }

    @Test
    void theLedgersTickDrivesTheUnresolvedAlertAndStaffResultsDriveTheRightAlertOrNone() {
        MovingClock clock = new MovingClock();
        try (VisitLedger ledger = VisitLedger.custom().clock(clock).idCheckDeadline(Duration.ofMinutes(2))
                .tickEvery(Duration.ZERO).listener(alerts).build()) {
            var ktv = org.entryguard.core.rules.VenueRules.ofDefaults(VenueType.KTV);
            for (String v : List.of("left", "adult", "minor", "refused", "walked")) {
                ledger.record(checkId(v), ktv, org.entryguard.core.ledger.EntryListener.NONE);
            }
            assertTrue(sent.isEmpty(), "staff are asked first");
            ledger.resolveIdCheck("adult", IdCheckResult.ID_VERIFIED_ADULT, "staff-1");
            ledger.resolveIdCheck("minor", IdCheckResult.MINOR_CONFIRMED, "staff-1");
            ledger.resolveIdCheck("refused", IdCheckResult.REFUSED_TO_SHOW_ID, "staff-2");
            ledger.resolveIdCheck("walked", IdCheckResult.WALKED_AWAY, "staff-2");
            assertEquals(2, sent.size(), sent.toString());
            assertEquals("minor:minor-confirmed", sent.get(0).id());
            assertEquals("MINOR_CONFIRMED", sent.get(0).decision().orElseThrow());
            assertEquals("refused:refused-id", sent.get(1).id());
            assertEquals(AlertType.MINOR_ENTRY, sent.get(1).type());
            assertEquals("REFUSED_TO_SHOW_ID", sent.get(1).decision().orElseThrow());
            clock.now = T.plusSeconds(119);
            ledger.tick();
            assertEquals(2, sent.size(), "not before the deadline");
            clock.now = T.plusSeconds(121);
            ledger.tick();
            ledger.tick();
            assertEquals(3, sent.size(), "the one left alone is reported, once");
            assertEquals("left:check_id_unresolved", sent.get(2).id());
            assertEquals(AlertType.CHECK_ID_UNRESOLVED, sent.get(2).type());
            assertTrue(sent.get(2).ruleApplied().orElseThrow().endsWith("/unresolved-after-120s"), sent.get(2).ruleApplied().toString());
        }
    }
}
