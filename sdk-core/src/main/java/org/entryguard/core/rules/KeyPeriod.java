package org.entryguard.core.rules;

import org.entryguard.core.guard.EntryDecision;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Objects;

/**
 * A recurring period of the year in which decisions are flagged for attention (e.g. school holidays, when
 * regulators run checks). A period may wrap the year end ({@code 12-20..01-10}).
 *
 * @param name shown in {@link EntryDecision#keyPeriod()}
 * @param from first day, inclusive
 * @param to last day, inclusive
 */
public record KeyPeriod(String name, MonthDay from, MonthDay to) {
    /** Summer school holidays; most provinces run early July to end of August. */
    public static final KeyPeriod SUMMER_VACATION = new KeyPeriod("summer vacation 暑假", MonthDay.of(7, 1), MonthDay.of(8, 31));
    /** Winter school holidays; dates vary by province and with the Spring Festival, this is a broad default. */
    public static final KeyPeriod WINTER_VACATION = new KeyPeriod("winter vacation 寒假", MonthDay.of(1, 15), MonthDay.of(2, 28));

    /** Validates. */
    public KeyPeriod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** Whether {@code day} falls in this period. */
    public boolean contains(LocalDate day) {
        MonthDay md = MonthDay.from(day);
        if (!to.isBefore(from)) {
            return !md.isBefore(from) && !md.isAfter(to);
        }
        return !md.isBefore(from) || !md.isAfter(to); // wraps the year end
    }
}
