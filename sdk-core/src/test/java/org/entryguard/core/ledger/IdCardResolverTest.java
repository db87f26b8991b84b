package org.entryguard.core.ledger;

import org.entryguard.core.guard.Synth;
import org.entryguard.core.guard.Synth.TestClock;
import org.entryguard.core.rules.AgeInterval;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdCardResolverTest {
    private final TestClock clock = new TestClock(Synth.SCHOOL_DAY); // 2026-10-12, Beijing
    private final VisitLedger ledger = VisitLedger.custom().clock(clock).tickEvery(Duration.ZERO).build();
    private final VenueRules ktv = VenueRules.ofDefaults(VenueType.KTV);

    private void check(String id, String camera) {
        ledger.record(new EntryDecision(id, 1, camera, VenueType.KTV, Decision.CHECK_ID, false, 20f, new AgeInterval(15f, 25f),
                0.3f, 5, "KTV/challenge-age", "test", "", Instant.ofEpochMilli(clock.millis), null), ktv, EntryListener.NONE);
    }

    @Test
    void aReaderFoundByTheServiceLoaderResolvesTheOldestCheckAtItsDoor() {
        check("a", "door-1");
        check("b", "door-1");
        check("c", "door-2");
        IdCardReader.Provider p = IdCardReader.providers().get("scripted");
        assertTrue(p != null, "found through META-INF/services");
        // 18 on 2026-10-12 exactly: an adult; one day younger: a minor
        try (IdCardReader r = p.open("r1", "door-1", Map.of("births", "2008-10-12,2008-10-13"))) {
            r.start(new IdCardResolver(ledger, ZoneId.of("Asia/Shanghai"), 18));
        }
        VisitOutcome a = ledger.outcome("a").orElseThrow();
        VisitOutcome b = ledger.outcome("b").orElseThrow();
        assertEquals(OutcomeStatus.ID_VERIFIED_ADULT, a.status());
        assertEquals("id-reader:r1", a.staffId());
        assertEquals(OutcomeStatus.MINOR_CONFIRMED, b.status());
        assertEquals(OutcomeStatus.AWAITING_ID_CHECK, ledger.outcome("c").orElseThrow().status(), "another door's check stays");
        var none = new IdCardResolver(ledger, ZoneId.of("Asia/Shanghai"), 18)
                .resolve(new IdCardRead("r1", "door-1", java.time.LocalDate.of(1990, 1, 1)));
        assertTrue(none.isEmpty(), "nothing open at door-1 any more");
        assertThrows(IllegalArgumentException.class, () -> p.open("r2", "door-1", Map.of()));
    }
}
