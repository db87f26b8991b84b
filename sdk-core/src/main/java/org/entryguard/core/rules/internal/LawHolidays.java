package org.entryguard.core.rules.internal;

import net.time4j.PlainDate;
import net.time4j.calendar.ChineseCalendar;
import net.time4j.calendar.EastAsianMonth;
import net.time4j.calendar.EastAsianYear;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The statutory holidays of a year as the law fixes them (全国年节及纪念日放假办法), computed: fixed Gregorian
 * dates, Qingming on the day of its solar term, and Spring Festival, Dragon Boat and Mid-Autumn by the Chinese
 * calendar, all in Beijing time, with Time4J's Chinese calendar. (ICU4J's was tried first: its moon model is a few
 * minutes off: over 2008–2100 it puts the Spring Festival of 2027 and 2030 a day late or early, where the new moon
 * falls minutes from midnight in Beijing, and Qingming 2071; the other dates agree.) The versions of the law: 2008–2013 (Spring Festival 除夕 to 初二, Labour Day one
 * day), 2014–2024 (初一 to 初三), from 2025 (除夕 to 初三, Labour Day 1–2 May). Before 2008 the festivals were
 * different; no days are returned for those years.
 */
public final class LawHolidays {
    /**
     * One festival's statutory days.
     *
     * @param name as the bundled notice file writes it, e.g. {@code 春节 Spring Festival}
     * @param days consecutive statutory days, in order
     */
    public record Festival(String name, List<LocalDate> days) {
    }

    private LawHolidays() {
    }

    /** The statutory days of {@code year} by festival, in calendar order; empty before 2008. */
    public static List<Festival> of(int year) {
        List<Festival> out = new ArrayList<>();
        if (year < 2008) {
            return out;
        }
        out.add(new Festival("元旦 New Year's Day", List.of(LocalDate.of(year, 1, 1))));
        LocalDate newYear = local(ChineseCalendar.ofNewYear(year)); // 正月初一
        LocalDate eve = newYear.minusDays(1); // 除夕: the last day of the 12th month, the 29th or the 30th
        List<LocalDate> spring = year >= 2025 ? List.of(eve, newYear, newYear.plusDays(1), newYear.plusDays(2))
                : year >= 2014 ? List.of(newYear, newYear.plusDays(1), newYear.plusDays(2))
                : List.of(eve, newYear, newYear.plusDays(1));
        out.add(new Festival("春节 Spring Festival", spring));
        out.add(new Festival("清明节 Qingming Festival", List.of(local(ChineseCalendar.ofQingMing(year)))));
        out.add(new Festival("劳动节 Labour Day", year >= 2025
                ? List.of(LocalDate.of(year, 5, 1), LocalDate.of(year, 5, 2)) : List.of(LocalDate.of(year, 5, 1))));
        out.add(new Festival("端午节 Dragon Boat Festival", List.of(lunar(year, 5, 5))));
        out.add(new Festival("中秋节 Mid-Autumn Festival", List.of(lunar(year, 8, 15))));
        out.add(new Festival("国庆节 National Day",
                List.of(LocalDate.of(year, 10, 1), LocalDate.of(year, 10, 2), LocalDate.of(year, 10, 3))));
        out.sort((a, b) -> a.days().get(0).compareTo(b.days().get(0))); // Mid-Autumn may fall after 1 October
        return out;
    }

    /** Lunar {@code month}/{@code day} (not a leap month) of the Chinese year that begins in Gregorian {@code year}. */
    private static LocalDate lunar(int year, int month, int day) {
        return local(ChineseCalendar.of(EastAsianYear.forGregorian(year), EastAsianMonth.valueOf(month), day));
    }

    private static LocalDate local(ChineseCalendar c) {
        PlainDate d = c.transform(PlainDate.axis());
        return LocalDate.of(d.getYear(), d.getMonth(), d.getDayOfMonth());
    }
}
