package org.entryguard.core.rules;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;

import static org.entryguard.core.rules.VenueRulesTest.beijing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scripted-entertainment venues (剧本娱乐经营场所): minors only on statutory holidays, rest days and the city's
 * school vacations; under-14s only with a guardian; when it is hard to tell whether someone is a minor, ID.
 */
class ScriptedEntertainmentTest {
    private static final Instant TUESDAY = beijing(2026, 3, 10, 15);           // term time
    private static final Instant SATURDAY = beijing(2026, 3, 14, 15);
    private static final Instant MAKE_UP_SATURDAY = beijing(2026, 2, 28, 15);  // 春节调休上班
    private static final Instant NATIONAL_DAY = beijing(2026, 10, 2, 15);
    private static final Instant SUMMER_WEEKDAY = beijing(2026, 7, 21, 15);    // a Tuesday in the sample's vacation

    static SchoolVacations sample() throws Exception {
        return SchoolVacations.parse(new StringReader("""
                # sample city calendar
                city 示例市 Sample City
                vacation 2026-01-24..2026-02-28 寒假 winter vacation
                vacation 2026-07-04..2026-08-31 暑假 summer vacation
                """), "sample");
    }

    private static VenueRules rules() throws Exception {
        return VenueRules.custom(VenueType.SCRIPTED_ENTERTAINMENT).schoolVacations(sample()).build();
    }

    @Test
    void teenagerIsRefusedOnSchoolDaysAdmittedOnRestDaysHolidaysAndVacations() throws Exception {
        VenueRules r = rules();
        // a clear 16-year-old: P(under 18) high, P(under 14) ≈ 0.5 % with a tight spread
        Ruling school = r.judge(15.8f, 0.8f, 5, TUESDAY);
        assertEquals(Decision.MINOR, school.decision());
        assertFalse(school.admitted());
        assertTrue(school.reason().contains("2026-03-10 is a school day"), school.reason());
        assertEquals("SCRIPTED_ENTERTAINMENT/minors-rest-days-and-vacations", school.ruleApplied());
        for (Instant ok : new Instant[] {SATURDAY, NATIONAL_DAY, SUMMER_WEEKDAY}) {
            Ruling d = r.judge(15.8f, 0.8f, 5, ok);
            assertEquals(Decision.MINOR, d.decision(), d.reason());
            assertTrue(d.admitted(), d.reason());
        }
        assertTrue(r.judge(15.8f, 0.8f, 5, SUMMER_WEEKDAY).reason().contains("school vacation 暑假"));
        Ruling makeUp = r.judge(15.8f, 0.8f, 5, MAKE_UP_SATURDAY);
        assertTrue(makeUp.admitted(), "28 Feb 2026 is a make-up working day but still in the sample's winter vacation");
        VenueRules noVacations = VenueRules.ofDefaults(VenueType.SCRIPTED_ENTERTAINMENT);
        Ruling noFile = noVacations.judge(15.8f, 0.8f, 5, MAKE_UP_SATURDAY);
        assertFalse(noFile.admitted(), "without the vacation file a make-up Saturday is a school day: " + noFile.reason());
        assertTrue(noFile.reason().contains("no school-vacation file"), noFile.reason());
        assertFalse(noVacations.judge(15.8f, 0.8f, 5, SUMMER_WEEKDAY).admitted(), "no file: vacations are not assumed");
    }

    @Test
    void underFourteenNeedsAGuardianEvenOnARestDay() throws Exception {
        VenueRules r = rules();
        Ruling child = r.judge(10f, 1.5f, 5, SATURDAY);
        assertEquals(Decision.CHECK_ID, child.decision());
        assertFalse(child.admitted());
        assertEquals("SCRIPTED_ENTERTAINMENT/under-14-guardian", child.ruleApplied());
        assertTrue(child.reason().contains("parent or other guardian"), child.reason());
        Ruling maybe = r.judge(15f, 1.5f, 5, SATURDAY); // P(under 14) ≈ 25 %
        assertEquals(Decision.CHECK_ID, maybe.decision());
        assertEquals("SCRIPTED_ENTERTAINMENT/under-14-unclear", maybe.ruleApplied());
        assertFalse(maybe.admitted());
    }

    /** The arcade waives the ID check on a holiday; the scripted-entertainment rule never does. */
    @Test
    void hardToTellMeansIdEvenWhenMinorsAreAdmitted() throws Exception {
        Ruling arcade = VenueRules.ofDefaults(VenueType.GAME_ARCADE).judge(20f, 5.69f, 5, NATIONAL_DAY);
        assertEquals(Decision.CHECK_ID, arcade.decision());
        assertTrue(arcade.admitted());
        Ruling scripted = rules().judge(20f, 5.69f, 5, NATIONAL_DAY);
        assertEquals(Decision.CHECK_ID, scripted.decision());
        assertFalse(scripted.admitted(), scripted.reason());
        assertTrue(scripted.reason().contains("对难以判明是否未成年人的，应当要求其出示身份证件"), scripted.reason());
        Ruling insufficient = rules().insufficientEvidence("only 1 good shot", NATIONAL_DAY);
        assertFalse(insufficient.admitted());
        assertEquals(Decision.ADULT, rules().judge(40f, 3f, 5, TUESDAY).decision());
    }

    @Test
    void vacationFileErrorsNameTheLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> SchoolVacations.parse(
                new StringReader("city X\nvacation 2026-07-04 summer\n"), "city.txt"));
        assertTrue(e.getMessage().contains("city.txt line 2") && e.getMessage().contains("first..last"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> SchoolVacations.parse(
                new StringReader("vacation 2026-08-31..2026-07-04 summer\n"), "c"));
        assertTrue(e2.getMessage().contains("before it starts"), e2.getMessage());
        assertTrue(SchoolVacations.none().vacationOn(LocalDate.of(2026, 7, 20)).isEmpty());
    }
}
