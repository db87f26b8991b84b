package org.entryguard.core.ledger;

import org.entryguard.core.guard.Synth;
import org.entryguard.core.guard.Synth.Recorder;
import org.entryguard.core.guard.Synth.TestClock;
import org.entryguard.core.rules.AgeInterval;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VisitLedgerTest {
    private final TestClock clock = new TestClock(Synth.SCHOOL_DAY);
    private final Recorder venueWide = new Recorder();
    private final VisitLedger ledger = VisitLedger.custom().clock(clock).retention(Duration.ofHours(1))
            .idCheckDeadline(Duration.ofMinutes(2)).tickEvery(Duration.ZERO).listener(venueWide).build();
    private final Recorder rec = new Recorder();
    private final VenueRules ktv = VenueRules.ofDefaults(VenueType.KTV);

    private EntryDecision decision(String id, Decision d, boolean admitted, long at) {
        return new EntryDecision(id, 1, "cam", VenueType.KTV, d, admitted, 20f, new AgeInterval(10f, 30f), 0.2f, 5,
                "KTV/x", "test", "", Instant.ofEpochMilli(at), null);
    }

    @Test
    void initialStatusFollowsTheDecision() {
        assertEquals(OutcomeStatus.NO_ACTION_NEEDED, ledger.record(decision("a", Decision.ADULT, true, clock.millis), ktv, rec).status());
        assertEquals(OutcomeStatus.AWAITING_ID_CHECK, ledger.record(decision("b", Decision.CHECK_ID, false, clock.millis), ktv, rec).status());
        assertEquals(OutcomeStatus.REFUSED, ledger.record(decision("c", Decision.MINOR, false, clock.millis), ktv, rec).status());
        assertEquals(OutcomeStatus.NO_ACTION_NEEDED, ledger.record(decision("d", Decision.MINOR, true, clock.millis), ktv, rec).status());
        assertEquals(1, ledger.pending().size());
        assertThrows(IllegalArgumentException.class, () -> ledger.resolveIdCheck("a", IdCheckResult.MINOR_CONFIRMED, "s"));
        // a refused "minor" who shows an adult ID is let in
        assertEquals(OutcomeStatus.ID_VERIFIED_ADULT, ledger.resolveIdCheck("c", IdCheckResult.ID_VERIFIED_ADULT, "s").status());
        assertEquals(OutcomeStatus.MINOR_CONFIRMED, ledger.resolveIdCheck("b", IdCheckResult.MINOR_CONFIRMED, "s").status());
        assertEquals(4, rec.decisions.size(), "the deciding camera's listener hears each decision once");
        assertEquals(4, rec.recorded.size());
        assertEquals(4, venueWide.decisions.size(), "so does every venue-wide listener");
        assertEquals(2, venueWide.resolved.size());
    }

    @Test
    void aListenerRegisteredTwiceHearsOnce() {
        ledger.record(decision("a", Decision.CHECK_ID, false, clock.millis), ktv, venueWide);
        assertEquals(1, venueWide.decisions.size());
        assertEquals(1, venueWide.recorded.size());
    }

    @Test
    void refusedToShowIdAndWalkedAwayCloseTheCheckWithTheStaffId() {
        ledger.record(decision("r", Decision.CHECK_ID, false, clock.millis), ktv, rec);
        ledger.record(decision("w", Decision.CHECK_ID, false, clock.millis), ktv, rec);
        VisitOutcome r = ledger.resolveIdCheck("r", IdCheckResult.REFUSED_TO_SHOW_ID, "staff-2");
        VisitOutcome w = ledger.resolveIdCheck("w", IdCheckResult.WALKED_AWAY, "staff-3");
        assertEquals(OutcomeStatus.REFUSED_TO_SHOW_ID, r.status());
        assertEquals("staff-2", r.staffId());
        assertEquals(OutcomeStatus.WALKED_AWAY, w.status());
        assertNull(w.dueAt(), "nothing left to do");
        assertTrue(ledger.pending().isEmpty());
        clock.millis += Duration.ofMinutes(10).toMillis();
        assertEquals(0, ledger.tick(), "a resolved check never expires");
        var blank = assertThrows(IllegalArgumentException.class, () -> {
            ledger.record(decision("x", Decision.CHECK_ID, false, clock.millis), ktv, rec);
            ledger.resolveIdCheck("x", IdCheckResult.WALKED_AWAY, " ");
        });
        assertTrue(blank.getMessage().contains("staffId"), blank.getMessage());
    }

    @Test
    void oneTickExpiresAnUnresolvedIdCheckOnce() {
        VisitOutcome o = ledger.record(decision("b", Decision.CHECK_ID, false, clock.millis), ktv, rec);
        assertEquals(Instant.ofEpochMilli(clock.millis).plus(Duration.ofMinutes(2)), o.dueAt());
        clock.millis += Duration.ofSeconds(119).toMillis();
        assertEquals(0, ledger.tick());
        clock.millis += Duration.ofSeconds(2).toMillis();
        assertEquals(1, ledger.tick());
        assertEquals(0, ledger.tick(), "once");
        assertEquals(1, rec.expired.size());
        assertEquals(1, venueWide.expired.size());
        assertEquals(OutcomeStatus.ID_CHECK_EXPIRED, ledger.outcome("b").orElseThrow().status());
        assertTrue(ledger.pending().isEmpty(), "an expired check leaves the staff screen");
        // a late result is still recorded, marked overdue
        VisitOutcome late = ledger.resolveIdCheck("b", IdCheckResult.ID_VERIFIED_ADULT, "s");
        assertEquals(OutcomeStatus.ID_VERIFIED_ADULT, late.status());
        assertTrue(late.overdue());
    }

    @Test
    void theLedgersOwnThreadTicks() throws Exception {
        List<Instant> ticks = new ArrayList<>();
        CountDownLatch expired = new CountDownLatch(1);
        EntryListener l = new EntryListener() {
            @Override
            public void onDecision(EntryDecision d) {
            }

            @Override
            public void onOutcome(OutcomeChange change, VisitOutcome o) {
                if (change == OutcomeChange.ID_CHECK_EXPIRED) {
                    expired.countDown();
                }
            }

            @Override
            public synchronized void onTick(Instant now) { ticks.add(now); }
        };
        try (VisitLedger own = VisitLedger.custom().idCheckDeadline(Duration.ofMillis(100)).tickEvery(Duration.ofMillis(20))
                .listener(l).build()) {
            own.record(decision("t", Decision.CHECK_ID, false, System.currentTimeMillis()), ktv, EntryListener.NONE);
            assertTrue(expired.await(10, java.util.concurrent.TimeUnit.SECONDS), "expired by the ledger's own tick");
        }
        synchronized (l) {
            assertFalse(ticks.isEmpty());
        }
    }

    @Test
    void badSettingsAreRefusedInTheSetter() {
        assertThrows(IllegalArgumentException.class, () -> VisitLedger.custom().idCheckDeadline(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> VisitLedger.custom().retention(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> VisitLedger.custom().tickEvery(Duration.ofSeconds(-1)));
        try (VisitLedger copy = VisitLedger.from(ledger).build()) {
            assertEquals(ledger.idCheckDeadline(), copy.idCheckDeadline());
            assertEquals(ledger.retention(), copy.retention());
        }
    }

    @Test
    void settledVisitsAreForgottenAfterRetentionPendingOnesKept() {
        long t0 = clock.millis;
        ledger.record(decision("old-adult", Decision.ADULT, true, t0), ktv, rec);
        ledger.record(decision("old-check", Decision.CHECK_ID, false, t0), ktv, rec);
        ledger.record(decision("new", Decision.ADULT, true, t0 + Duration.ofHours(2).toMillis()), ktv, rec);
        assertTrue(ledger.outcome("old-adult").isEmpty());
        assertTrue(ledger.outcome("old-check").isPresent(), "still awaiting staff");
        assertTrue(ledger.outcome("new").isPresent());
    }

    @Test
    void concurrentStaffResolveOnce() throws Exception {
        ledger.record(decision("v", Decision.CHECK_ID, false, clock.millis), VenueRules.ofDefaults(VenueType.BAR), rec);
        AtomicInteger conflicts = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] staff = new Thread[8];
        for (int i = 0; i < staff.length; i++) {
            IdCheckResult r = i % 2 == 0 ? IdCheckResult.ID_VERIFIED_ADULT : IdCheckResult.MINOR_CONFIRMED;
            staff[i] = new Thread(() -> {
                try {
                    go.await();
                    ledger.resolveIdCheck("v", r, "s");
                } catch (IllegalStateException e) {
                    conflicts.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            staff[i].start();
        }
        go.countDown();
        for (Thread t : staff) {
            t.join();
        }
        assertEquals(1, rec.resolved.size(), "one resolution recorded; repeats of the same result are no-ops");
        assertEquals(4, conflicts.get(), "the four opposite results are refused");
    }

    @Test
    void guardianDeadlineUsesTheVenueRules() {
        VenueRules hotel = VenueRules.custom(VenueType.HOTEL).guardianDeadline(Duration.ofMinutes(5)).build();
        VisitOutcome o = ledger.record(decision("g", Decision.GUARDIAN_REQUIRED, false, clock.millis), hotel, rec);
        assertEquals(Instant.ofEpochMilli(clock.millis).plus(Duration.ofMinutes(5)), o.dueAt());
        clock.millis += Duration.ofMinutes(6).toMillis();
        assertEquals(1, ledger.tick());
        assertEquals(0, ledger.tick());
        // staff find an adult ID: the case closes without the five musts
        VisitOutcome adult = ledger.resolveIdCheck("g", IdCheckResult.ID_VERIFIED_ADULT, "desk");
        assertEquals(OutcomeStatus.ID_VERIFIED_ADULT, adult.status());
        assertTrue(ledger.pending().isEmpty());
    }
}
