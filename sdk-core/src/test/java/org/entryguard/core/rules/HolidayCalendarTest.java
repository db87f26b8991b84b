package org.entryguard.core.rules;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HolidayCalendarTest {
    private final HolidayCalendar cal = HolidayCalendar.ofDefaults();

    @Test
    void bundledCoversTheVerified2026ListOnly() {
        assertTrue(cal.covers(2026));
        assertFalse(cal.covers(2027), "2027 was not verifiable when the file was made; it must not pretend to cover it");
        assertEquals(7, cal.holidays().size());
    }

    @Test
    void nationalDay2026() {
        assertTrue(cal.isRestPeriod(LocalDate.of(2026, 10, 1)));
        assertTrue(cal.isStatutoryDay(LocalDate.of(2026, 10, 3)));
        assertTrue(cal.isRestPeriod(LocalDate.of(2026, 10, 7)));
        assertFalse(cal.isStatutoryDay(LocalDate.of(2026, 10, 7)), "7 October is a 调休 rest day, not statutory");
        assertFalse(cal.isRestPeriod(LocalDate.of(2026, 10, 8)));
        assertTrue(cal.isMakeUpWorkday(LocalDate.of(2026, 10, 10)));
        assertTrue(cal.isMakeUpWorkday(LocalDate.of(2026, 9, 20)));
        assertTrue(cal.holidayOn(LocalDate.of(2026, 10, 2)).orElseThrow().name().contains("国庆节"));
    }

    @Test
    void springFestival2026IsNineDaysWithFourStatutory() {
        var h = cal.holidayOn(LocalDate.of(2026, 2, 17)).orElseThrow();
        assertEquals(LocalDate.of(2026, 2, 15), h.first());
        assertEquals(LocalDate.of(2026, 2, 23), h.last());
        assertEquals(4, h.statutoryDays().size());
        assertTrue(h.statutoryDays().contains(LocalDate.of(2026, 2, 16)), "New Year's Eve (除夕) is statutory since 2025");
        assertTrue(cal.isMakeUpWorkday(LocalDate.of(2026, 2, 14)));
        assertTrue(cal.isMakeUpWorkday(LocalDate.of(2026, 2, 28)));
    }

    @Test
    void thirteenStatutoryDaysIn2026() {
        int n = 0;
        for (LocalDate d = LocalDate.of(2026, 1, 1); d.getYear() == 2026; d = d.plusDays(1)) {
            if (cal.isStatutoryDay(d)) {
                n++;
            }
        }
        assertEquals(13, n);
    }

    @Test
    void ordinaryDaysAreNotHolidays() {
        assertFalse(cal.isRestPeriod(LocalDate.of(2026, 10, 12)));
        assertFalse(cal.isRestPeriod(LocalDate.of(2026, 3, 7)), "a plain weekend is not a statutory holiday");
    }

    @Test
    void parsesAReplacementFile() throws Exception {
        HolidayCalendar c = HolidayCalendar.parse(new StringReader("""
                # a test year
                covers 2030
                holiday 2030-10-01..2030-10-03 statutory=2030-10-01,2030-10-02 国庆节 National Day  # trailing comment
                workday 2030-09-29 make-up
                holiday 2030-01-01 元旦
                """), "test");
        assertTrue(c.covers(2030));
        assertTrue(c.isStatutoryDay(LocalDate.of(2030, 10, 2)));
        assertFalse(c.isStatutoryDay(LocalDate.of(2030, 10, 3)));
        assertEquals("国庆节 National Day", c.holidayOn(LocalDate.of(2030, 10, 3)).orElseThrow().name());
        assertTrue(c.isRestPeriod(LocalDate.of(2030, 1, 1)));
        assertTrue(c.isMakeUpWorkday(LocalDate.of(2030, 9, 29)));
    }

    @Test
    void malformedLinesNameTheLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> HolidayCalendar.parse(new StringReader(
                "covers 2030\nholiday 2030-13-01 bad month\n"), "x.txt"));
        assertTrue(e.getMessage().contains("x.txt line 2"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> HolidayCalendar.parse(new StringReader(
                "holiday 2030-10-01..2030-10-03 statutory=2030-10-09 X\n"), "y"));
        assertTrue(e2.getMessage().contains("outside"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HolidayCalendar.parse(new StringReader("vacation 2030-01-01 x\n"), "z"));
    }
}
