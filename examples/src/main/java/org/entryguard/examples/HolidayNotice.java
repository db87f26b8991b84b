package org.entryguard.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.entryguard.core.rules.HolidayCalendar;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The gateway's reminder to load the State Council's holiday notice: from 1 December while next year's is not loaded
 * (and all year while the current year's is not), a warning on {@code /health}, the
 * {@code entryguard_holiday_notice_missing} gauge and one log line a day. Statutory days still count without it
 * ({@link HolidayCalendar}); what is missing are the rest days around them and the make-up working days.
 */
final class HolidayNotice {
    private final HolidayCalendar calendar;
    private final ZoneId zone;
    private final Clock clock;
    private LocalDate lastLogged;

    HolidayNotice(HolidayCalendar calendar, ZoneId zone, Clock clock) {
        this.calendar = calendar;
        this.zone = zone;
        this.clock = clock;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** The year whose notice is missing now, if any. */
    OptionalInt missing() {
        return calendar.missingNotice(today());
    }

    /** The warning text, when a notice is missing. */
    Optional<String> warning() {
        OptionalInt y = missing();
        if (y.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("warning: the holiday calendar has no State Council notice for " + y.getAsInt()
                + " (国务院办公厅关于" + y.getAsInt() + "年部分节假日安排的通知): statutory holidays still count by law, but"
                + " the rest days around them and the make-up working days are unknown; add the notice to the calendar"
                + " file (format: holidays-cn.txt) and load it");
    }

    /** Adds {@code "warnings": [...]} to a health document when there is one; the status stays as it is. */
    void addTo(ObjectNode health) {
        warning().ifPresent(w -> health.putArray("warnings").add(w));
    }

    /** Logs the warning once per day (housekeeping calls it hourly). */
    synchronized void logOncePerDay(PrintStream log) {
        LocalDate today = today();
        if (today.equals(lastLogged)) {
            return;
        }
        Optional<String> w = warning();
        if (w.isPresent()) {
            lastLogged = today;
            log.println(w.get());
        }
    }
}
