package org.entryguard.regulator.store;

import java.time.LocalDate;

/** Alerts of one type in one district on one day (the bureau's local date). */
public record DailyCount(LocalDate day, String district, String type, long count) {
}
