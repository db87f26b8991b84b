package org.entryguard.core.ledger;

import org.entryguard.core.rules.AgeInterval;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.guard.EntryDecision;
import org.entryguard.core.guard.Synth;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;

import org.entryguard.core.guard.Synth.Recorder;
import org.entryguard.core.guard.Synth.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VisitLedgerTest {
    private final TestClock clock = new TestClock(Synth.SCHOOL_DAY);
    private final VisitLedger ledger = new VisitLedger(clock, Duration.ofHours(1));
    private final Recorder rec = new Recorder();

    private EntryDecision decision(String id, Decision d, boolean admitted, long at) {
        return new EntryDecision(id, 1, "cam", VenueType.KTV, d, admitted, 20f, new AgeInterval(10f, 30f), 0.2f, 5,
                "KTV/x", "test", "", Instant.ofEpochMilli(at));
    }

    @Test
    void initialStatusFollowsTheDecision() {
        VenueRules ktv = VenueRules.of(VenueType.KTV);
        assertEquals(OutcomeStatus.NO_ACTION_NEEDED, ledger.record(decision("a", Decision.ADULT, true, clock.millis), rec, ktv).status());
        assertEquals(OutcomeStatus.AWAITING_ID_CHECK, ledger.record(decision("b", Decision.CHECK_ID, false, clock.millis), rec, ktv).status());
        assertEquals(OutcomeStatus.REFUSED, ledger.record(decision("c", Decision.MINOR, false, clock.millis), rec, ktv).status());
        assertEquals(OutcomeStatus.NO_ACTION_NEEDED, ledger.record(decision("d", Decision.MINOR, true, clock.millis), rec, ktv).status());
        assertEquals(1, ledger.pending().size());
        assertThrows(IllegalArgumentException.class, () -> ledger.resolveIdCheck("a", IdCheckResult.MINOR_CONFIRMED, "s"));
        // a refused "minor" who shows an adult ID is let in
        assertEquals(OutcomeStatus.ID_VERIFIED_ADULT, ledger.resolveIdCheck("c", IdCheckResult.ID_VERIFIED_ADULT, "s").status());
        assertEquals(OutcomeStatus.MINOR_CONFIRMED, ledger.resolveIdCheck("b", IdCheckResult.MINOR_CONFIRMED, "s").status());
    }

    @Test
    void settledVisitsAreForgottenAfterRetentionPendingOnesKept() {
        VenueRules ktv = VenueRules.of(VenueType.KTV);
        long t0 = clock.millis;
        ledger.record(decision("old-adult", Decision.ADULT, true, t0), rec, ktv);
        ledger.record(decision("old-check", Decision.CHECK_ID, false, t0), rec, ktv);
        ledger.record(decision("new", Decision.ADULT, true, t0 + Duration.ofHours(2).toMillis()), rec, ktv);
        assertTrue(ledger.outcome("old-adult").isEmpty());
        assertTrue(ledger.outcome("old-check").isPresent(), "still awaiting staff");
        assertTrue(ledger.outcome("new").isPresent());
    }

    @Test
    void concurrentStaffResolveOnce() throws Exception {
        ledger.record(decision("v", Decision.CHECK_ID, false, clock.millis), rec, VenueRules.of(VenueType.BAR));
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
        VenueRules hotel = VenueRules.builder(VenueType.HOTEL).guardianDeadline(Duration.ofMinutes(5)).build();
        VisitOutcome o = ledger.record(decision("g", Decision.GUARDIAN_REQUIRED, false, clock.millis), rec, hotel);
        assertEquals(Instant.ofEpochMilli(clock.millis).plus(Duration.ofMinutes(5)), o.guardianDueAt());
        clock.millis += Duration.ofMinutes(6).toMillis();
        assertEquals(1, ledger.checkOverdue());
        assertEquals(0, ledger.checkOverdue());
        // staff find an adult ID: the case closes without the five musts
        VisitOutcome adult = ledger.resolveIdCheck("g", IdCheckResult.ID_VERIFIED_ADULT, "desk");
        assertEquals(OutcomeStatus.ID_VERIFIED_ADULT, adult.status());
        assertTrue(ledger.pending().isEmpty());
    }
}
