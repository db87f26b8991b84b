package org.entryguard.regulator.store;

import java.time.Instant;

/** A venue as the console lists it: when it was last heard from and how many alerts it raised. */
public record VenueSummary(String venueId, String venueName, String district, Instant lastSeen, long alerts) {
}
