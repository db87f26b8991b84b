package org.entryguard.core.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VenueRulesTest {
    private static final float SPREAD = 5.69f; // the bundled model's one-shot spread

    static Instant beijing(int y, int m, int d, int h) {
        return LocalDateTime.of(y, m, d, h, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
    }

    private static final Instant SCHOOL_DAY = beijing(2026, 10, 12, 15);   // Monday
    private static final Instant NATIONAL_DAY = beijing(2026, 10, 2, 15);
    private static final Instant OCT_5 = beijing(2026, 10, 5, 15);          // rest period, not statutory

    @Test
    void noMinorVenuesRefuseLikelyMinors() {
        for (VenueType v : List.of(VenueType.KTV, VenueType.BAR, VenueType.INTERNET_CAFE, VenueType.ESPORTS_HOTEL)) {
            Ruling r = VenueRules.ofDefaults(v).judge(12f, SPREAD, 5, NATIONAL_DAY);
            assertEquals(Decision.MINOR, r.decision(), v.name());
            assertFalse(r.admitted(), v + " must not admit a minor even on a holiday");
            assertEquals(v + "/no-minors", r.ruleApplied());
            assertTrue(r.reason().contains(v.legalBasis()), r.reason());
        }
    }

    @Test
    void thresholdsSplitAdultCheckAndMinor() {
        VenueRules ktv = VenueRules.ofDefaults(VenueType.KTV);
        assertEquals(Decision.ADULT, ktv.judge(35f, SPREAD, 5, SCHOOL_DAY).decision());
        assertEquals(Decision.ADULT, ktv.judge(27.5f, SPREAD, 5, SCHOOL_DAY).decision());
        Ruling band = ktv.judge(26f, SPREAD, 5, SCHOOL_DAY);
        assertEquals(Decision.CHECK_ID, band.decision(), "above 25 but P(minor) > 5 % with a 5.7 y spread");
        assertTrue(band.reason().contains("above the 5.0% allowed"), band.reason());
        Ruling young = ktv.judge(20f, SPREAD, 5, SCHOOL_DAY);
        assertEquals(Decision.CHECK_ID, young.decision());
        assertTrue(young.reason().contains("below the challenge age 25"), young.reason());
        assertEquals(Decision.CHECK_ID, ktv.judge(15f, SPREAD, 5, SCHOOL_DAY).decision(), "P(minor)=0.70 < 0.75");
        assertEquals(Decision.MINOR, ktv.judge(14f, SPREAD, 5, SCHOOL_DAY).decision(), "P(minor)=0.76");
        // a tighter spread (a calibrated model) makes the band narrower
        assertEquals(Decision.ADULT, ktv.judge(25.5f, 3f, 5, SCHOOL_DAY).decision());
        assertEquals(Decision.MINOR, ktv.judge(16f, 2f, 5, SCHOOL_DAY).decision());
    }

    @Test
    void minorProbabilityIsTheNormalTail() {
        VenueRules r = VenueRules.ofDefaults(VenueType.BAR);
        assertEquals(0.5, r.minorProbability(18f, 4f), 1e-6);
        assertEquals(0.158655, r.minorProbability(22f, 4f), 1e-5);
        assertEquals(0.977250, r.minorProbability(10f, 4f), 1e-5);
    }

    @Test
    void arcadeAdmitsMinorsOnlyOnStatutoryHolidays() {
        VenueRules arcade = VenueRules.ofDefaults(VenueType.GAME_ARCADE);
        Ruling holiday = arcade.judge(12f, SPREAD, 5, NATIONAL_DAY);
        assertEquals(Decision.MINOR, holiday.decision());
        assertTrue(holiday.admitted());
        assertTrue(holiday.reason().contains("statutory holiday (国庆节"), holiday.reason());
        assertEquals("国庆节 National Day", holiday.keyPeriod());

        Ruling school = arcade.judge(12f, SPREAD, 5, SCHOOL_DAY);
        assertEquals(Decision.MINOR, school.decision());
        assertFalse(school.admitted());
        assertTrue(school.reason().contains("2026-10-12 is not a statutory holiday"), school.reason());

        Ruling unclearOnHoliday = arcade.judge(20f, SPREAD, 5, NATIONAL_DAY);
        assertEquals(Decision.CHECK_ID, unclearOnHoliday.decision());
        assertTrue(unclearOnHoliday.admitted(), "nobody needs stopping when minors may come in anyway");
        assertFalse(arcade.judge(20f, SPREAD, 5, SCHOOL_DAY).admitted());
    }

    @Test
    void holidayScopeDecidesAboutRestDaysInsideThePeriod() {
        assertTrue(VenueRules.ofDefaults(VenueType.GAME_ARCADE).judge(12f, SPREAD, 5, OCT_5).admitted());
        VenueRules strict = VenueRules.custom(VenueType.GAME_ARCADE).holidayScope(HolidayScope.STATUTORY_DAYS_ONLY).build();
        assertFalse(strict.judge(12f, SPREAD, 5, OCT_5).admitted());
        assertTrue(strict.judge(12f, SPREAD, 5, NATIONAL_DAY).admitted());
    }

    @Test
    void yearWithoutCalendarDataSaysSo() {
        // the day after National Day's statutory days: a rest day only once the 2027 notice says so
        Ruling r = VenueRules.ofDefaults(VenueType.GAME_ARCADE).judge(12f, SPREAD, 5, beijing(2027, 10, 5, 12));
        assertFalse(r.admitted());
        assertTrue(r.reason().contains("no official list for 2027"), r.reason());
    }

    /** Issue 13: on 2027-01-01 an arcade refused minors on a statutory holiday because the 2027 notice was missing. */
    @Test
    void statutoryDaysOfAYearWithoutItsNoticeStillCount() {
        Ruling r = VenueRules.ofDefaults(VenueType.GAME_ARCADE).judge(12f, SPREAD, 5, beijing(2027, 1, 1, 15));
        assertEquals(Decision.MINOR, r.decision());
        assertTrue(r.admitted(), r.reason());
        assertTrue(r.reason().contains("statutory holiday (元旦 New Year's Day, by law)"), r.reason());
        assertTrue(r.reason().contains("no official list for 2027"), r.reason());
    }

    @Test
    void hotelMinorNeedsTheGuardianWorkflow() {
        Ruling r = VenueRules.ofDefaults(VenueType.HOTEL).judge(13f, SPREAD, 4, SCHOOL_DAY);
        assertEquals(Decision.GUARDIAN_REQUIRED, r.decision());
        assertFalse(r.admitted());
        assertEquals("HOTEL/guardian-five-musts", r.ruleApplied());
        assertTrue(r.reason().contains("five musts within 30 min"), r.reason());
        assertEquals(Decision.ADULT, VenueRules.ofDefaults(VenueType.HOTEL).judge(40f, SPREAD, 4, SCHOOL_DAY).decision());
    }

    @Test
    void perVenueOverrides() {
        VenueRules r = VenueRules.custom(VenueType.BAR).challengeAge(30).minorConfidence(0.9)
                .adultMaxMinorProbability(0.01).guardianDeadline(Duration.ofMinutes(5)).build();
        assertEquals(Decision.CHECK_ID, r.judge(29f, SPREAD, 5, SCHOOL_DAY).decision());
        assertEquals(Decision.CHECK_ID, r.judge(13f, SPREAD, 5, SCHOOL_DAY).decision(), "P=0.81 < 0.9");
        VenueRules allow = VenueRules.custom(VenueType.ESPORTS_HOTEL).minorPolicy(MinorPolicy.ALLOW).build();
        Ruling a = allow.judge(12f, SPREAD, 5, SCHOOL_DAY);
        assertTrue(a.admitted());
        assertEquals("ESPORTS_HOTEL/allow", a.ruleApplied());
        assertThrows(IllegalArgumentException.class, () -> VenueRules.custom(VenueType.KTV).challengeAge(16).build());
        assertThrows(IllegalArgumentException.class, () -> VenueRules.custom(VenueType.KTV).minorConfidence(0.3));
    }

    @Test
    void openingHoursMayCrossMidnight() {
        VenueRules ktv = VenueRules.custom(VenueType.KTV).openingHours(LocalTime.of(18, 0), LocalTime.of(2, 0)).build();
        assertTrue(ktv.isOpen(beijing(2026, 10, 12, 20)));
        assertTrue(ktv.isOpen(beijing(2026, 10, 13, 1)));
        assertFalse(ktv.isOpen(beijing(2026, 10, 13, 3)));
        assertFalse(ktv.isOpen(beijing(2026, 10, 12, 17)));
        assertTrue(VenueRules.ofDefaults(VenueType.KTV).isOpen(beijing(2026, 10, 12, 4)));
    }

    @Test
    void keyPeriodsAreFlagged() {
        VenueRules r = VenueRules.ofDefaults(VenueType.INTERNET_CAFE);
        assertEquals("summer vacation 暑假", r.judge(30f, SPREAD, 5, beijing(2026, 7, 20, 12)).keyPeriod());
        assertEquals("", r.judge(30f, SPREAD, 5, SCHOOL_DAY).keyPeriod());
        assertEquals("国庆节 National Day", r.keyPeriodAt(NATIONAL_DAY));
        VenueRules none = VenueRules.from(r).keyPeriods(List.of()).holidaysAreKeyPeriods(false).build();
        assertEquals("", none.keyPeriodAt(NATIONAL_DAY));
        KeyPeriod wrap = new KeyPeriod("year end", java.time.MonthDay.of(12, 20), java.time.MonthDay.of(1, 10));
        assertTrue(wrap.contains(java.time.LocalDate.of(2026, 1, 5)));
        assertTrue(wrap.contains(java.time.LocalDate.of(2026, 12, 25)));
        assertFalse(wrap.contains(java.time.LocalDate.of(2026, 6, 1)));
    }

    @Test
    void insufficientEvidenceIsCheckId() {
        Ruling r = VenueRules.ofDefaults(VenueType.KTV).insufficientEvidence("only 1 of 3 good shots", SCHOOL_DAY);
        assertEquals(Decision.CHECK_ID, r.decision());
        assertFalse(r.admitted());
        assertEquals("KTV/insufficient-evidence", r.ruleApplied());
        assertTrue(Float.isNaN(r.minorProbability()));
    }
}
