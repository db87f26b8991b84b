package org.entryguard.core.rules;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statutory holidays computed from the law for any year, checked against the State Council's notices of 2023–2026
 * (their statutory days) and the almanac's Spring Festival and Qingming dates up to 2035; the notice file
 * overrides; from 1 December the missing notice of next year is reported.
 */
class StatutoryHolidaysTest {
    private static Set<LocalDate> days(String... isoDates) {
        return java.util.Arrays.stream(isoDates).map(LocalDate::parse).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<LocalDate> computed(int year) {
        Set<LocalDate> s = new TreeSet<>();
        HolidayCalendar.statutoryHolidays(year).forEach(h -> s.addAll(h.statutoryDays()));
        return s;
    }

    @Test
    void computedDaysEqualTheNoticesStatutoryDays() {
        // 2023 and 2024 under the 2013 law (11 days), 2025 and 2026 under the 2024 amendment (13 days)
        assertEquals(days("2023-01-01", "2023-01-22", "2023-01-23", "2023-01-24", "2023-04-05", "2023-05-01",
                "2023-06-22", "2023-09-29", "2023-10-01", "2023-10-02", "2023-10-03"), computed(2023));
        assertEquals(days("2024-01-01", "2024-02-10", "2024-02-11", "2024-02-12", "2024-04-04", "2024-05-01",
                "2024-06-10", "2024-09-17", "2024-10-01", "2024-10-02", "2024-10-03"), computed(2024));
        assertEquals(days("2025-01-01", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-04-04",
                "2025-05-01", "2025-05-02", "2025-05-31", "2025-10-06", "2025-10-01", "2025-10-02", "2025-10-03"), computed(2025));
        Set<LocalDate> notice2026 = new TreeSet<>();
        HolidayCalendar.ofDefaults().holidays().forEach(h -> notice2026.addAll(h.statutoryDays()));
        assertEquals(notice2026, computed(2026), "the bundled 2026 notice and the law agree");
    }

    /**
     * Spring Festival (初一) and Qingming by the almanac. In 2027 and 2030 the new moon falls within minutes of
     * midnight in Beijing: ICU4J's Chinese calendar puts these Spring Festivals a day off, which is why Time4J computes them.
     */
    @Test
    void springFestivalAndQingmingUpTo2035() {
        Map<Integer, String> newYear = Map.ofEntries(Map.entry(2027, "2027-02-06"), Map.entry(2028, "2028-01-26"),
                Map.entry(2029, "2029-02-13"), Map.entry(2030, "2030-02-03"), Map.entry(2031, "2031-01-23"),
                Map.entry(2032, "2032-02-11"), Map.entry(2033, "2033-01-31"), Map.entry(2034, "2034-02-19"),
                Map.entry(2035, "2035-02-08"));
        newYear.forEach((y, d) -> {
            HolidayCalendar.Holiday spring = HolidayCalendar.statutoryHolidays(y).stream()
                    .filter(h -> h.name().startsWith("春节")).findFirst().orElseThrow();
            assertEquals(LocalDate.parse(d).minusDays(1), spring.first(), y + ": 除夕 is the day before 初一");
            assertEquals(LocalDate.parse(d).plusDays(2), spring.last(), y + ": to 初三");
        });
        Map<Integer, Integer> qingmingDay = Map.of(2020, 4, 2021, 4, 2022, 5, 2023, 5, 2027, 5, 2028, 4, 2029, 4, 2030, 5);
        qingmingDay.forEach((y, d) -> assertEquals(LocalDate.of(y, 4, d), HolidayCalendar.statutoryHolidays(y).stream()
                .filter(h -> h.name().startsWith("清明")).findFirst().orElseThrow().first(), "Qingming " + y));
    }

    @Test
    void year2027WithoutItsNoticeStillHasItsStatutoryDays() {
        HolidayCalendar cal = HolidayCalendar.ofDefaults();
        assertFalse(cal.covers(2027));
        assertEquals(13, computed(2027).size());
        assertTrue(cal.isStatutoryDay(LocalDate.of(2027, 1, 1)));
        assertTrue(cal.isRestPeriod(LocalDate.of(2027, 2, 5)), "除夕 2027");
        assertTrue(cal.isStatutoryDay(LocalDate.of(2027, 6, 9)), "Dragon Boat 2027");
        assertTrue(cal.isStatutoryDay(LocalDate.of(2027, 9, 15)), "Mid-Autumn 2027");
        assertEquals("元旦 New Year's Day", cal.holidayOn(LocalDate.of(2027, 1, 1)).orElseThrow().name());
        assertFalse(cal.isRestPeriod(LocalDate.of(2027, 10, 5)), "the rest days around National Day come with the notice");
        assertFalse(cal.isMakeUpWorkday(LocalDate.of(2027, 10, 9)));
        assertTrue(HolidayCalendar.statutoryHolidays(2007).isEmpty(), "before 2008 the festivals were different");
    }

    @Test
    void theNoticeOverridesTheComputedDays() throws Exception {
        // a notice that (hypothetically) moves a day: the notice wins for the year it covers
        HolidayCalendar c = HolidayCalendar.parse(new java.io.StringReader("""
                covers 2027
                holiday 2027-01-01..2027-01-03 statutory=2027-01-01 元旦 New Year's Day
                workday 2027-01-09 make-up
                """), "notice-2027");
        assertTrue(c.isRestPeriod(LocalDate.of(2027, 1, 3)));
        assertFalse(c.isStatutoryDay(LocalDate.of(2027, 10, 1)), "a covered year has only the notice's days");
        assertTrue(c.isStatutoryDay(LocalDate.of(2028, 10, 1)), "an uncovered year has the law's");
        assertFalse(c.isRestDay(LocalDate.of(2027, 1, 9)), "a make-up Saturday is a working day");
        assertTrue(c.isRestDay(LocalDate.of(2027, 1, 16)), "a plain Saturday is a rest day");
        assertFalse(c.isRestDay(LocalDate.of(2027, 1, 12)), "a plain Tuesday is not");
    }

    @Test
    void missingNoticeIsReportedFromTheFirstOfDecember() {
        HolidayCalendar cal = HolidayCalendar.ofDefaults();
        assertEquals(OptionalInt.empty(), cal.missingNotice(LocalDate.of(2026, 11, 30)));
        assertEquals(OptionalInt.of(2027), cal.missingNotice(LocalDate.of(2026, 12, 1)));
        assertEquals(OptionalInt.of(2027), cal.missingNotice(LocalDate.of(2027, 3, 1)), "still missing in its own year");
        assertEquals(OptionalInt.of(2025), HolidayCalendar.empty().missingNotice(LocalDate.of(2025, 6, 1)));
    }
}
