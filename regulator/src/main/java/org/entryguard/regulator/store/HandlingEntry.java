package org.entryguard.regulator.store;

import java.time.Instant;

/** One line of an alert's audit trail: who moved it to which state, when, with what note. */
public record HandlingEntry(String alertId, Handling state, String officer, String note, Instant at) {
}
